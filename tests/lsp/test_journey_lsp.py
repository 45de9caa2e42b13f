"""`journey lsp` driven by pytest-lsp (pygls 2) with VS Code's client
capabilities: diagnostics, completion, hover, definition, rename and
formatting on the examples."""

import ast
import os
import pathlib
import shutil

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

JOURNEY = os.environ.get("JOURNEY_BIN", "journey")
EXAMPLES = pathlib.Path(os.environ.get("JOURNEY_EXAMPLES", "../../examples")).resolve()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[JOURNEY, "lsp"]))
async def client(lsp_client: LanguageClient, tmp_path_factory):
    # Work on a copy: nothing here may touch the repository's examples.
    workspace = tmp_path_factory.mktemp("workspace")
    for name in ("hotel_stay.journey", "shared.journey"):
        shutil.copy(EXAMPLES / name, workspace / name)
    lsp_client.workspace_path = workspace

    # VS Code accepts the server's file-watcher registration.
    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register_capability(params: types.RegistrationParams):
        return None

    params = types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=workspace.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="examples")],
    )
    result = await lsp_client.initialize_session(params)
    lsp_client.journey_capabilities = result.capabilities
    # VS Code offers only UTF-16 positions.
    assert result.capabilities.position_encoding in (None, "utf-16")
    yield
    await lsp_client.shutdown_session()


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def find(text: str, needle: str, nth: int = 0, offset: int = 0) -> types.Position:
    """The position of `needle` (+offset characters) in UTF-16 units."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    start += offset
    line = text.count("\n", 0, start)
    line_start = text.rfind("\n", 0, start) + 1
    return types.Position(line=line, character=utf16(text[line_start:start]))


async def open_doc(client: LanguageClient, name: str):
    path = client.workspace_path / name
    text = path.read_text(encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="journey", version=1, text=text)
        )
    )
    return uri, text




async def wait_for_diagnostics(client: LanguageClient, uri: str, ready=lambda ds: True):
    """Waits (a bounded number of notifications) until `uri` has diagnostics
    that satisfy `ready`: the server also publishes those of every other
    workspace file."""
    for _ in range(50):
        if uri in client.diagnostics and ready(client.diagnostics[uri]):
            return client.diagnostics[uri]
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    raise AssertionError(f"no matching diagnostics for {uri}")


async def test_diagnostics_of_the_example(client: LanguageClient):
    uri, text = await open_doc(client, "hotel_stay.journey")
    diagnostics = await wait_for_diagnostics(client, uri)
    codes = sorted(str(d.code) for d in diagnostics)
    assert codes, "the example has a warning and an advice"
    for d in diagnostics:
        assert d.source == "journey"
        # No public home, so no link: the rule's docs come from the server.
        assert d.code_description is None
        assert d.severity in (
            types.DiagnosticSeverity.Error,
            types.DiagnosticSeverity.Warning,
            types.DiagnosticSeverity.Information,
            types.DiagnosticSeverity.Hint,
        )
    # An edit that breaks a reference: the new version's diagnostics say so.
    pos = find(text, "for traveler", offset=len("for "))
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=pos, end=types.Position(line=pos.line, character=pos.character + 1)),
                    text="X",
                )
            ],
        )
    )
    await wait_for_diagnostics(
        client, uri, lambda ds: any(str(d.code) == "unknown-reference" for d in ds)
    )
    unknown = [d for d in client.diagnostics[uri] if str(d.code) == "unknown-reference"]
    assert unknown and unknown[0].range.start == pos
    assert unknown[0].severity == types.DiagnosticSeverity.Error


async def test_explain_a_diagnostic(client: LanguageClient):
    uri, _ = await open_doc(client, "hotel_stay.journey")
    # The workspace's files are published too, in any order: wait for this one's.
    diagnostic = (await wait_for_diagnostics(client, uri, ready=lambda ds: len(ds) > 0))[0]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
    explain = [a for a in actions or [] if a.title == f"Explain `{diagnostic.code}`"]
    assert len(explain) == 1, actions
    action = explain[0]
    # lsprotocol reads `Command | CodeAction` as a Command whose `command`
    # is the CodeAction's command object turned into text; VS Code tells
    # them apart by the type of `command`, as the protocol intends.
    if isinstance(action, types.Command):
        command = ast.literal_eval(action.command)
    else:
        assert action.command is not None
        command = {"command": action.command.command, "arguments": action.command.arguments}
    assert command["command"] == "journey.explain"
    markdown = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=command["command"], arguments=command["arguments"])
    )
    assert markdown.startswith(f"{diagnostic.code} (")
    assert "## What it does" in markdown


async def test_completion_after_keywords(client: LanguageClient):
    uri, text = await open_doc(client, "hotel_stay.journey")
    pos = find(text, "channel search", offset=len("channel "))
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=pos)
    )
    items = result.items if isinstance(result, types.CompletionList) else result
    labels = [i.label for i in items]
    assert "sms" in labels and "newsletter" in labels
    sms = next(i for i in items if i.label == "sms")
    assert "phone" in sms.detail
    # Statement keywords at the start of a touchpoint line, with snippets.
    pos = find(text, "channel search")
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=pos)
    )
    items = result.items if isinstance(result, types.CompletionList) else result
    labels = [i.label for i in items]
    assert "channel" in labels and "pain" in labels and "next" in labels
    # Single-valued fields already given are not offered again.
    assert "emotion" not in labels
    assert "stage" not in labels
    pain = next(i for i in items if i.label == "pain")
    assert pain.insert_text_format == types.InsertTextFormat.Snippet
    assert pain.documentation is not None


async def test_hover_on_keyword_and_reference(client: LanguageClient):
    uri, text = await open_doc(client, "hotel_stay.journey")
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=find(text, "for traveler"))
    )
    assert hover is not None and "persona" in hover.contents.value
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=find(text, "for traveler", offset=len("for ") + 2),
        )
    )
    assert hover is not None
    assert "Business traveler" in hover.contents.value
    assert "data" in hover.contents.value


async def test_definition_into_the_imported_file(client: LanguageClient):
    uri, text = await open_doc(client, "hotel_stay.journey")
    result = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=find(text, "for traveler", offset=len("for ")),
        )
    )
    locations = result if isinstance(result, list) else [result]
    assert locations and locations[0].uri.endswith("shared.journey")
    shared = (client.workspace_path / "shared.journey").read_text(encoding="utf-8")
    assert locations[0].range.start == find(shared, "persona traveler", offset=len("persona "))
    # `completed` → its `desired`.
    result = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=find(text, "completed book_direct", offset=len("completed ")),
        )
    )
    locations = result if isinstance(result, list) else [result]
    assert locations[0].uri == uri
    assert locations[0].range.start == find(text, "desired book_direct", offset=len("desired "))


async def test_rename_a_touchpoint(client: LanguageClient):
    uri, text = await open_doc(client, "hotel_stay.journey")
    pos = find(text, "touchpoint booking_form", offset=len("touchpoint "))
    prepared = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=types.TextDocumentIdentifier(uri=uri), position=pos)
    )
    assert prepared is not None
    edit = await client.text_document_rename_async(
        types.RenameParams(text_document=types.TextDocumentIdentifier(uri=uri), position=pos, new_name="booking")
    )
    edits = edit.changes[uri]
    assert len(edits) == text.count("booking_form")
    assert all(e.new_text == "booking" for e in edits)
    with pytest.raises(Exception):
        await client.text_document_rename_async(
            types.RenameParams(text_document=types.TextDocumentIdentifier(uri=uri), position=pos, new_name="not valid")
        )


async def test_formatting(client: LanguageClient):
    path = client.workspace_path / "messy.journey"
    path.write_text('team  a "A"\njourney j {\ngoal "g"\n  owner a\n}\n', encoding="utf-8")
    uri, text = await open_doc(client, "messy.journey")
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            options=types.FormattingOptions(tab_size=4, insert_spaces=True),
        )
    )
    assert edits, "a messy file gets edits"
    # Apply them (in reverse order) and check the canonical indentation.
    lines = text.split("\n")
    def offset(p):
        return sum(len(l) + 1 for l in lines[: p.line]) + p.character
    result = text
    for e in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        result = result[: offset(e.range.start)] + e.new_text + result[offset(e.range.end) :]
    assert '\n    goal "g"\n' in result
    assert 'team a "A"' in result


async def test_semantic_tokens(client: LanguageClient):
    uri, text = await open_doc(client, "hotel_stay.journey")
    result = await client.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    legend = client.journey_capabilities.semantic_tokens_provider.legend
    lines = text.split("\n")
    tokens = []
    line = col = 0
    data = result.data
    assert len(data) % 5 == 0 and data
    for i in range(0, len(data), 5):
        delta_line, delta_start, length, kind, modifiers = data[i : i + 5]
        if delta_line:
            col = 0
        line += delta_line
        col += delta_start
        # Columns are UTF-16 units; every token stays on its line.
        units = lines[line].encode("utf-16-le")
        assert (col + length) * 2 <= len(units), (line, col, length)
        word = units[col * 2 : (col + length) * 2].decode("utf-16-le")
        declaration = bool(modifiers & (1 << legend.token_modifiers.index("declaration")))
        tokens.append((word, legend.token_types[kind], declaration))
    assert ("journey", "keyword", False) in tokens
    kinds = {kind for _, kind, _ in tokens}
    assert {"keyword", "string", "number", "comment"} <= kinds
    # A touchpoint: declared once, referred to by `next`.
    touchpoint_ids = [t for t in tokens if t[1] == "function"]
    assert any(declared for _, _, declared in touchpoint_ids)
    assert any(not declared for _, _, declared in touchpoint_ids)


async def test_workspace_diagnostics_without_opening_files(client: LanguageClient):
    # Nothing is open: the server checks every file of the workspace.
    shared = (client.workspace_path / "shared.journey").as_uri()
    await wait_for_diagnostics(client, shared)
    # A file created on disk is checked when the client reports it.
    broken = client.workspace_path / "broken.journey"
    broken.write_text("journey j {\n    owner nobody\n}\n", encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=broken.as_uri(), type=types.FileChangeType.Created)]
        )
    )
    diagnostics = await wait_for_diagnostics(client, broken.as_uri())
    assert any(str(d.code) == "unknown-reference" for d in diagnostics)
    symbols = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="hotel"))
    assert any(s.name == "hotel_stay" for s in symbols)
