/**
 * The protocol's lifecycle, kept at the door: a request before `initialize` is answered with
 * ServerNotInitialized (-32002) and a notification then is dropped (`exit` excepted); a second
 * `initialize`, or any request after `shutdown`, is answered with InvalidRequest (-32600) and a
 * notification after `shutdown` is dropped (`exit` excepted). Only what passes reaches the
 * connection's handlers.
 */
import { ErrorCodes, Message } from 'vscode-languageserver/node';
import type { DataCallback, Disposable, MessageReader, MessageWriter, RequestMessage } from 'vscode-languageserver/node';

type Stage = 'new' | 'running' | 'shut down';

export class LifecycleGate implements MessageReader {
  private stage: Stage = 'new';
  readonly onError: MessageReader['onError'];
  readonly onClose: MessageReader['onClose'];
  readonly onPartialMessage: MessageReader['onPartialMessage'];

  constructor(
    private readonly reader: MessageReader,
    private readonly writer: MessageWriter,
  ) {
    this.onError = reader.onError;
    this.onClose = reader.onClose;
    this.onPartialMessage = reader.onPartialMessage;
  }

  listen(callback: DataCallback): Disposable {
    return this.reader.listen((message) => {
      if (this.admits(message)) callback(message);
    });
  }

  dispose(): void {
    this.reader.dispose();
  }

  private admits(message: Message): boolean {
    const method = (message as { method?: unknown }).method;
    if (Message.isRequest(message)) {
      const refusal = this.refusal(message);
      if (refusal === undefined) return true;
      void this.writer.write({ jsonrpc: '2.0', id: message.id, error: refusal } as Message);
      return false;
    }
    if (Message.isNotification(message)) return method === 'exit' || this.stage === 'running';
    // Responses to the server's own requests.
    return true;
  }

  private refusal(message: RequestMessage): { code: number; message: string } | undefined {
    if (this.stage === 'new') {
      if (message.method !== 'initialize') return { code: ErrorCodes.ServerNotInitialized, message: `The server is not initialized: send "initialize" before "${message.method}".` };
      this.stage = 'running';
      return undefined;
    }
    if (this.stage === 'shut down') return { code: ErrorCodes.InvalidRequest, message: `The server is shut down: "${message.method}" is not served; send "exit".` };
    if (message.method === 'initialize') return { code: ErrorCodes.InvalidRequest, message: 'The server is already initialized.' };
    if (message.method === 'shutdown') this.stage = 'shut down';
    return undefined;
  }
}
