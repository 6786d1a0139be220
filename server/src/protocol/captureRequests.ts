// Requests for network captures (.pcap, .pcapng, .cap, .har): the read-only document of the
// reassembled streams, with its diagnostics, and "reveal packet" for Wireshark. Shared by client
// and server: no imports beyond LSP types.
import type { Diagnostic, Position, Range } from 'vscode-languageserver-protocol';

/** xmppE2e/captureDocument: the reassembled streams of the capture file at `uri` (file: URI). */
export const CaptureDocumentRequest = 'xmppE2e/captureDocument';

export interface CaptureDocumentParams {
  uri: string;
  /** The URI the client shows the document under: diagnostics' related locations point there. */
  viewUri?: string;
}

export interface CaptureDocumentResult {
  /** pcap | pcapng | har */
  format: string;
  /** The read-only text: one section per stream, a header line per entry with its frames. */
  text: string;
  /** Ranges are in `text`. */
  diagnostics: Diagnostic[];
  streams: { id: string; title: string; transport: string; client?: string; server?: string; firstFrame?: number; lastFrame?: number; range: Range }[];
  stanzas: { range: Range; stream: string; direction: string; firstFrame?: number; lastFrame?: number }[];
}

/** xmppE2e/revealPacket: the frame (Wireshark's number) behind a position of the capture document. */
export const RevealPacketRequest = 'xmppE2e/revealPacket';

export interface RevealPacketParams {
  uri: string;
  position: Position;
}

export interface RevealPacketResult {
  /** `frame:12`, `entry:3/message:2` (HAR). */
  label: string;
  frame?: number;
  /** A Wireshark display filter that selects the frame. */
  displayFilter?: string;
}

/** The client's read-only documents of captures: `xmpp-e2e-capture:/<name>.xmpp?<file URI>`. */
export const CAPTURE_SCHEME = 'xmpp-e2e-capture';
