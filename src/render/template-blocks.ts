/**
 * The block structure of a Go template: which `if`/`with`/`range` branches and which `define`
 * hold each point of the text (a frame per open block, with the branch `else` moved it to), and
 * where each `define`'s body lies. Read from the actions alone (`template-actions.ts`).
 */
import type { Action } from './template-actions.js';

export interface Frame {
  /** Unique per block within one reading of a template (an inclusion gets its own). */
  readonly id: string;
  readonly kind: 'if' | 'range' | 'with' | 'define' | 'block';
  /** 0 for the first branch, 1 after the first `else`, … */
  readonly branch: number;
}

export type Context = readonly Frame[];

/** A `define` (or `block`) and the offsets of its body in the text. */
export interface Definition {
  readonly name: string;
  readonly action: Action;
  readonly bodyStart: number;
  readonly bodyEnd: number;
}

/** Walks the actions in order and tells the open blocks at any offset, asked in increasing order. */
export class BlockCursor {
  private next = 0;
  private stack: Frame[] = [];
  private count = 0;
  private readonly opened: (Action | undefined)[] = [];
  readonly definitions: Definition[] = [];

  constructor(
    private readonly actions: readonly Action[],
    /** Prefix of every frame id: tells apart two readings of one define. */
    private readonly prefix = '',
    /** The action to start at: a define's own, to read its body without reading what comes before it. */
    first = 0,
  ) {
    this.next = first;
  }

  /** The open blocks just before `offset` (all actions starting before it taken). */
  at(offset: number): Context {
    while (this.next < this.actions.length && this.actions[this.next]!.start < offset) this.take(this.actions[this.next++]!);
    return this.stack;
  }

  /** All blocks read to the end, and every definition found. */
  finish(): this {
    this.at(Number.POSITIVE_INFINITY);
    return this;
  }

  private take(action: Action): void {
    switch (action.kind) {
      case 'if':
      case 'range':
      case 'with':
      case 'define':
      case 'block':
        this.stack = [...this.stack, { id: `${this.prefix}${this.count++}`, kind: action.kind, branch: 0 }];
        this.opened.push(action);
        break;
      case 'else': {
        const top = this.stack[this.stack.length - 1];
        if (top !== undefined) this.stack = [...this.stack.slice(0, -1), { ...top, branch: top.branch + 1 }];
        break;
      }
      case 'end': {
        const top = this.stack[this.stack.length - 1];
        const opener = this.opened.pop();
        if (top !== undefined && (top.kind === 'define' || top.kind === 'block') && opener?.name !== undefined) {
          this.definitions.push({ name: opener.name, action: opener, bodyStart: opener.end, bodyEnd: action.start });
        }
        this.stack = this.stack.slice(0, -1);
        break;
      }
      default:
    }
  }
}

/** The frames of `inner` that `outer` has not: what a point inside `outer`'s block depends on besides. */
export function framesBeyond(inner: Context, outer: Context): Frame[] {
  const ids = new Set(outer.map((frame) => frame.id));
  return inner.filter((frame) => !ids.has(frame.id));
}
