import type { SymbolizerTool } from './find-tool.js';
import { LineChannel } from './line-channel.js';

/** One function of an address's inline chain, innermost first. Unknowns are null. */
export interface CodeLocation {
  readonly function: string | null;
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;
}

export interface DataSymbol {
  readonly name: string;
  readonly size: number | null;
}

/** One module's long-lived symbolizer process. Addresses are as in the ELF file. */
export interface ModuleSymbolizer {
  code(addresses: readonly bigint[]): Promise<CodeLocation[][]>;
  /** Globals by address; addr2line cannot: all null there. */
  data(addresses: readonly bigint[]): Promise<(DataSymbol | null)[]>;
  close(): void;
}

export function startModuleSymbolizer(tool: SymbolizerTool, path: string): ModuleSymbolizer {
  return tool.kind === 'llvm-symbolizer'
    ? new LlvmSymbolizer(tool.path, path)
    : new Addr2line(tool.path, path);
}

const hex = (address: bigint) => `0x${address.toString(16)}`;

/** `llvm-symbolizer --output-style=JSON`: one JSON line per input line, code or `DATA`. */
class LlvmSymbolizer implements ModuleSymbolizer {
  private readonly channel: LineChannel;

  constructor(command: string, path: string) {
    this.channel = new LineChannel(command, [
      `--obj=${path}`,
      '--output-style=JSON',
      '--inlines',
      '--demangle',
    ]);
  }

  async code(addresses: readonly bigint[]): Promise<CodeLocation[][]> {
    const lines = await this.ask(addresses.map(hex));
    return lines.map((line) => {
      const parsed = JSON.parse(line) as { Symbol?: LlvmSymbol[] };
      return (parsed.Symbol ?? []).map(codeLocation).filter((l) => l.function !== null);
    });
  }

  async data(addresses: readonly bigint[]): Promise<(DataSymbol | null)[]> {
    const lines = await this.ask(addresses.map((a) => `DATA ${hex(a)}`));
    return lines.map((line) => {
      const parsed = JSON.parse(line) as { Data?: { Name?: string; Size?: string } };
      const name = parsed.Data?.Name;
      if (!name || name === '??') return null;
      const size = parsed.Data?.Size ? Number.parseInt(parsed.Data.Size, 16) : Number.NaN;
      return { name, size: Number.isFinite(size) && size > 0 ? size : null };
    });
  }

  close(): void {
    this.channel.close();
  }

  private async ask(inputs: readonly string[]): Promise<string[]> {
    if (inputs.length === 0) return [];
    const lines = await this.channel.request(`${inputs.join('\n')}\n`, (out) => {
      return out.length >= inputs.length;
    });
    return lines.slice(0, inputs.length);
  }
}

interface LlvmSymbol {
  readonly FunctionName?: string;
  readonly FileName?: string;
  readonly Line?: number;
  readonly Column?: number;
}

function codeLocation(symbol: LlvmSymbol): CodeLocation {
  return {
    function: functionName(symbol.FunctionName),
    file: symbol.FileName && symbol.FileName !== '??' ? symbol.FileName : null,
    line: symbol.Line ? symbol.Line : null,
    column: symbol.Column ? symbol.Column : null,
  };
}

/** TSan prints interceptors under the name of the function they intercept (`usleep`). */
function functionName(name: string | undefined): string | null {
  if (!name || name === '??') return null;
  return name.replace(/^(?:___interceptor_|__interceptor_trampoline_|__interceptor_)/, '');
}

/**
 * `addr2line -a -f -i -C`: each answer is an address line, then function/`file:line` pairs
 * (several when inlined). The end of an answer shows only when the next starts, so each batch
 * ends with a sentinel address whose header closes the last real one.
 */
class Addr2line implements ModuleSymbolizer {
  private readonly channel: LineChannel;

  constructor(command: string, path: string) {
    this.channel = new LineChannel(command, ['-a', '-f', '-i', '-C', '-e', path]);
  }

  async code(addresses: readonly bigint[]): Promise<CodeLocation[][]> {
    if (addresses.length === 0) return [];
    const input = `${[...addresses.map(hex), '0x0'].join('\n')}\n`;
    const isHeader = (line: string) => /^0x[0-9a-f]+$/.test(line);
    const lines = await this.channel.request(input, (out) => {
      let headers = 0;
      let afterLast = 0;
      for (const line of out) {
        if (isHeader(line)) {
          headers++;
          afterLast = 0;
        } else afterLast++;
      }
      return headers === addresses.length + 1 && afterLast >= 2;
    });
    const answers: CodeLocation[][] = [];
    let current: CodeLocation[] | null = null;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] ?? '';
      if (isHeader(line)) {
        current = [];
        answers.push(current);
        continue;
      }
      const place = lines[++i] ?? '';
      const location = gnuLocation(line, place);
      if (current && location.function !== null) current.push(location);
    }
    return answers.slice(0, addresses.length);
  }

  async data(addresses: readonly bigint[]): Promise<(DataSymbol | null)[]> {
    return addresses.map(() => null);
  }

  close(): void {
    this.channel.close();
  }
}

function gnuLocation(fn: string, place: string): CodeLocation {
  const match = /^(.*):(\d+|\?)(?: \(discriminator \d+\))?$/.exec(place);
  const file = match?.[1] && match[1] !== '??' ? match[1] : null;
  const line = match?.[2] && match[2] !== '?' ? Number(match[2]) : 0;
  return { function: functionName(fn), file, line: line > 0 ? line : null, column: null };
}
