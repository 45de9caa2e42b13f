// The Journey extension: starts `journey lsp` over stdio for .journey files.
import * as vscode from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';
import { registerPreview } from './preview';
import { describeFailure, resolveServer, type ResolvedServer } from './serverPath';

const SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file', language: 'journey' },
  { scheme: 'untitled', language: 'journey' },
];

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;
let traceOutput: vscode.LogOutputChannel | undefined;
let status: vscode.LanguageStatusItem | undefined;
// Serialises start/stop so that a restart during a start does not leave two servers.
let queue: Promise<void> = Promise.resolve();

export function activate(context: vscode.ExtensionContext): void {
  output = vscode.window.createOutputChannel('Journey Language Server', { log: true });
  traceOutput = vscode.window.createOutputChannel('Journey Language Server Trace', { log: true });
  status = vscode.languages.createLanguageStatusItem('journey.server', SELECTOR);
  status.name = 'Journey Language Server';
  status.command = { title: 'Restart', command: 'journey.restartServer' };
  context.subscriptions.push(output, traceOutput, status);

  context.subscriptions.push(
    vscode.commands.registerCommand('journey.restartServer', () => enqueue(() => restart(context))),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('journey.server.path')) void enqueue(() => restart(context));
    }),
  );

  registerPreview(context, () => client);

  void enqueue(() => start(context));
}

export function deactivate(): Thenable<void> | undefined {
  return enqueue(stop);
}

function enqueue(job: () => Promise<void>): Promise<void> {
  queue = queue.then(job, job);
  return queue;
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  await stop();
  await start(context);
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c && c.state !== State.Stopped) {
    try {
      await c.stop(5000);
    } catch (err) {
      output?.error(`error while stopping the server: ${String(err)}`);
    }
  }
  await c?.dispose();
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const configured = vscode.workspace.getConfiguration('journey').get<string>('server.path', '') ?? '';
  const resolution = resolveServer({
    configured,
    extensionPath: context.extensionPath,
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
  });

  if (!resolution.ok) {
    const message = describeFailure(resolution);
    output?.error(message);
    setStatus('error', 'journey: server not found', message);
    const openSettings = 'Open Settings';
    const choice = await vscode.window.showErrorMessage(message, openSettings);
    if (choice === openSettings) {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'journey.server.path');
    }
    return;
  }

  const server = resolution.server;
  output?.info(`starting ${server.command} lsp (${describeSource(server)})`);
  const executable = { command: server.command, args: ['lsp'], transport: TransportKind.stdio };
  const serverOptions: ServerOptions = { run: executable, debug: executable };
  const clientOptions: LanguageClientOptions = {
    documentSelector: SELECTOR as LanguageClientOptions['documentSelector'],
    synchronize: {
      // Imports and journey.toml lint settings change diagnostics of other files.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.journey,journey.toml}'),
    },
    outputChannel: output,
    traceOutputChannel: traceOutput,
    middleware: {
      // *Explain `code`*: the server answers `journey.explain` with the rule's
      // Markdown documentation (the project has no web page to link to).
      executeCommand: async (command, args, next) => {
        const result = await next(command, args);
        if (command === 'journey.explain' && typeof result === 'string') {
          const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: result });
          await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
        }
        return result;
      },
    },
  };

  // The id `journey` makes the client honour the `journey.trace.server` setting.
  const c = new LanguageClient('journey', 'Journey Language Server', serverOptions, clientOptions);
  client = c;
  c.onDidChangeState((e) => {
    if (e.newState === State.Running) setStatus('ok', 'journey', `${server.command} (${describeSource(server)})`);
    else if (e.newState === State.Stopped) setStatus('warning', 'journey: server stopped', 'Run "Journey: Restart Language Server"');
  });
  try {
    await c.start();
  } catch (err) {
    const message = `Journey: the language server (${server.command} lsp) failed to start: ${err instanceof Error ? err.message : String(err)}`;
    output?.error(message);
    setStatus('error', 'journey: server failed', message);
    void vscode.window.showErrorMessage(message, 'Show Output').then((choice) => {
      if (choice) output?.show();
    });
  }
}

function describeSource(server: ResolvedServer): string {
  switch (server.source) {
    case 'setting':
      return 'from journey.server.path';
    case 'bundled':
      return 'bundled with the extension';
    case 'path':
      return 'found on PATH';
  }
}

function setStatus(level: 'ok' | 'warning' | 'error', text: string, detail: string): void {
  if (!status) return;
  status.text = text;
  status.detail = detail;
  status.severity =
    level === 'error'
      ? vscode.LanguageStatusSeverity.Error
      : level === 'warning'
        ? vscode.LanguageStatusSeverity.Warning
        : vscode.LanguageStatusSeverity.Information;
}
