// When computing a document's diagnostics throws in the adapter itself, the document must not
// show as clean: it gets one error saying so (the core's own failures already arrive as findings).
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';

export function analysisFailedDiagnostic(e: unknown): Diagnostic {
  const reason = (e instanceof Error ? `${e.name}: ${e.message}` : String(e)).slice(0, 300);
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Error,
    code: 'internal.analysisFailed',
    source: 'xmpp-e2e',
    message: `The analysis of this file failed (${reason}): what is shown is incomplete and the file is not known to be clean.`,
  };
}
