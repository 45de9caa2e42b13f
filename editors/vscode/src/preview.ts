// *Journey: Open Map Preview*: the journey map of the current (unsaved) text in a webview beside
// the editor. The language server draws it (`workspace/executeCommand` `journey.render`); the
// preview refreshes as the user types (debounced), keeps the last good map while the text has
// errors, and runs with scripts disabled under a strict Content-Security-Policy.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { makeNonce, type RenderAnswer, securePage, withErrorBanner } from './previewHtml';

const DEBOUNCE_MS = 300;

class Preview {
  private timer: NodeJS.Timeout | undefined;
  private lastGood: string | undefined;
  /** Answers to older requests are dropped. */
  private sequence = 0;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    readonly document: vscode.TextDocument,
    readonly panel: vscode.WebviewPanel,
    private readonly client: () => LanguageClient | undefined,
    onDispose: () => void,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === this.document) this.schedule();
      }),
      panel.onDidDispose(() => {
        clearTimeout(this.timer);
        for (const s of this.subscriptions) s.dispose();
        onDispose();
      }),
    );
  }

  schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), DEBOUNCE_MS);
  }

  async refresh(): Promise<void> {
    const client = this.client();
    const sequence = ++this.sequence;
    const nonce = makeNonce((n) => randomBytes(n));
    if (!client || !client.isRunning()) {
      this.show(withErrorBanner(this.lastGood, 0, nonce).replace('The text has 0 errors;', 'The language server is not running;'));
      return;
    }
    let answer: RenderAnswer;
    try {
      answer = await client.sendRequest('workspace/executeCommand', {
        command: 'journey.render',
        arguments: [this.document.uri.toString()],
      });
    } catch (err) {
      if (sequence === this.sequence) {
        void vscode.window.showErrorMessage(`Journey: the map could not be drawn: ${String(err)}`);
      }
      return;
    }
    if (sequence !== this.sequence) return;
    const name = this.document.uri.path.split('/').pop() ?? 'journey';
    if (answer.html !== null) {
      this.lastGood = securePage(answer.html, nonce);
      this.panel.title = `Map: ${name}`;
      this.show(this.lastGood);
    } else {
      this.panel.title = `Map: ${name} (${answer.errors} ${answer.errors === 1 ? 'error' : 'errors'})`;
      this.show(withErrorBanner(this.lastGood, answer.errors, nonce));
    }
  }

  private show(html: string): void {
    this.panel.webview.html = html;
  }
}

const previews = new Map<string, Preview>();

/** Registers *Journey: Open Map Preview*; `client` gives the running language client. */
export function registerPreview(
  context: vscode.ExtensionContext,
  client: () => LanguageClient | undefined,
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('journey.openMapPreview', async (uri?: vscode.Uri) => {
      const document = uri
        ? await vscode.workspace.openTextDocument(uri)
        : vscode.window.activeTextEditor?.document;
      if (!document || document.languageId !== 'journey') {
        void vscode.window.showInformationMessage('Journey: open a .journey file to preview its map.');
        return;
      }
      const key = document.uri.toString();
      const existing = previews.get(key);
      if (existing) {
        existing.panel.reveal(vscode.ViewColumn.Beside, true);
        await existing.refresh();
        return;
      }
      const panel = vscode.window.createWebviewPanel(
        'journey.mapPreview',
        `Map: ${document.uri.path.split('/').pop() ?? 'journey'}`,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: false, localResourceRoots: [], enableFindWidget: true },
      );
      const preview = new Preview(document, panel, client, () => previews.delete(key));
      previews.set(key, preview);
      await preview.refresh();
    }),
  );
}
