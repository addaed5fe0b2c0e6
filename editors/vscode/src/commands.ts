/**
 * The extension's commands (the command palette, and the editor's context menu on YAML and JSON):
 * fix every automatically fixable problem of the file, open the page of the rule at the cursor, and
 * explain the pod at the cursor (its timeline, as `sidecar-lint explain` draws it, beside the file).
 */
import { commands, env, languages, Uri, ViewColumn, window, workspace } from 'vscode';
import type { Disposable } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { rulePagesAt } from './rule-pages';

/** The server's request for the timelines of a document (src/lsp/pod-hover.ts). */
const EXPLAIN_REQUEST = 'sidecar-lint/explain';

export function registerCommands(client: () => Promise<LanguageClient | undefined>): Disposable[] {
  return [
    commands.registerCommand('sidecar-lint.fixAll', async () => {
      if (window.activeTextEditor === undefined) return;
      // The server's source action, as on save with "source.fixAll.sidecar-lint".
      await commands.executeCommand('editor.action.sourceAction', { kind: 'source.fixAll.sidecar-lint', apply: 'first' });
    }),
    commands.registerCommand('sidecar-lint.showRulePage', async () => {
      const editor = window.activeTextEditor;
      if (editor === undefined) return;
      const pages = rulePagesAt(languages.getDiagnostics(editor.document.uri), editor.selection.active);
      if (pages.length === 0) {
        void window.showInformationMessage('No sidecar-lint problem at the cursor.');
        return;
      }
      const page = pages.length === 1 ? pages[0] : await window.showQuickPick(pages.map((item) => ({ label: item.ruleId, url: item.url })), { placeHolder: 'The page of which rule?' }).then((picked) => (picked === undefined ? undefined : { ruleId: picked.label, url: picked.url }));
      if (page !== undefined) await env.openExternal(Uri.parse(page.url));
    }),
    commands.registerCommand('sidecar-lint.explainPod', async () => {
      const editor = window.activeTextEditor;
      const running = await client();
      if (editor === undefined || running === undefined) {
        void window.showInformationMessage('sidecar-lint: open a Kubernetes manifest to explain its pods.');
        return;
      }
      const position = editor.selection.active;
      const answer = await running.sendRequest<{ text: string } | null>(EXPLAIN_REQUEST, {
        textDocument: { uri: editor.document.uri.toString() },
        position: { line: position.line, character: position.character },
      });
      if (answer === null) {
        void window.showInformationMessage('sidecar-lint: no pod in this file.');
        return;
      }
      const shown = await workspace.openTextDocument({ content: answer.text, language: 'plaintext' });
      await window.showTextDocument(shown, { viewColumn: ViewColumn.Beside, preview: true, preserveFocus: true });
    }),
  ];
}
