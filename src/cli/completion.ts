import type { Command, Option } from 'commander';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** One command of the tree, as completion needs it. */
interface CommandSpec {
  /** `''` for racelens itself, `suppressions check` for a nested one. */
  readonly path: string;
  readonly subcommands: readonly string[];
  readonly options: readonly {
    readonly flag: string;
    readonly choices: readonly string[] | null;
    readonly takesValue: boolean;
  }[];
  readonly description: string;
}

/**
 * `racelens completion bash|zsh|fish`: a completion script made from the command declarations
 * themselves, so a new command or option completes without anyone editing the script.
 */
export function completionScript(program: Command, shell: Shell): string {
  const specs = collect(program, '');
  switch (shell) {
    case 'bash':
      return `${bashFunction(specs)}complete -o default -F _racelens racelens\n`;
    case 'zsh':
      // zsh runs bash completion functions through bashcompinit: one function for both shells.
      return `#compdef racelens\n(( $+functions[compdef] )) || { autoload -Uz compinit && compinit -u; }\nautoload -U +X bashcompinit && bashcompinit\n${bashFunction(specs)}complete -o default -F _racelens racelens\n`;
    case 'fish':
      return fishScript(specs);
  }
}

function collect(command: Command, path: string): CommandSpec[] {
  const options = (command.options as readonly Option[])
    .filter((o) => o.long !== undefined && !o.hidden)
    .map((o) => ({
      flag: o.long!,
      choices: o.argChoices ?? null,
      takesValue: o.required || o.optional,
    }));
  const visible = command.commands.filter((c) => c.name() !== 'help');
  // Arguments with fixed choices (`completion <shell>`) complete like subcommands.
  const argumentChoices = command.registeredArguments.flatMap((a) => a.argChoices ?? []);
  const spec: CommandSpec = {
    path,
    subcommands: [...visible.map((c) => c.name()), ...argumentChoices],
    options: [...options, { flag: '--help', choices: null, takesValue: false }],
    description: command.description(),
  };
  return [
    spec,
    ...visible.flatMap((c) => collect(c, path === '' ? c.name() : `${path} ${c.name()}`)),
  ];
}

/** The start of the bash function: find the command path in the words typed so far. */
const BASH_HEAD = `# racelens completion for bash (and zsh through bashcompinit)
_racelens() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" cmd="" next i
  for ((i = 1; i < COMP_CWORD; i++)); do
    [[ \${COMP_WORDS[i]} == -* ]] && continue
    next="\${cmd:+$cmd }\${COMP_WORDS[i]}"`;

function bashFunction(specs: readonly CommandSpec[]): string {
  const paths = specs.filter((s) => s.path !== '').map((s) => `"${s.path}"`);
  const choices = new Map<string, readonly string[]>();
  for (const spec of specs)
    for (const o of spec.options) if (o.choices) choices.set(o.flag, o.choices);
  const valued = [
    ...new Set(
      specs.flatMap((s) => s.options.filter((o) => o.takesValue && !o.choices).map((o) => o.flag)),
    ),
  ];
  const lines = [
    ...BASH_HEAD.split('\n'),
    `    case "$next" in ${paths.join('|')}) cmd="$next" ;; esac`,
    '  done',
    '  case "$prev" in',
    ...[...choices].map(
      ([flag, values]) =>
        `    ${flag}) COMPREPLY=($(compgen -W "${values.join(' ')}" -- "$cur")); return ;;`,
    ),
    // An option's value: nothing proposed, so `-o default` completes file names.
    ...(valued.length > 0 ? [`    ${valued.join('|')}) COMPREPLY=(); return ;;`] : []),
    '  esac',
    '  local subs="" opts=""',
    '  case "$cmd" in',
    ...specs.map(
      (s) =>
        `    "${s.path}") subs="${s.subcommands.join(' ')}" opts="${s.options.map((o) => o.flag).join(' ')}" ;;`,
    ),
    '  esac',
    '  if [[ $cur == -* ]]; then',
    '    COMPREPLY=($(compgen -W "$opts" -- "$cur"))',
    '  elif [[ -n $subs ]]; then',
    '    COMPREPLY=($(compgen -W "$subs" -- "$cur"))',
    '  else',
    '    COMPREPLY=()',
    '  fi',
    '}',
    '',
  ];
  return lines.join('\n');
}

function fishScript(specs: readonly CommandSpec[]): string {
  const quote = (text: string) => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  const lines = ['# racelens completion for fish', 'complete -c racelens -f'];
  for (const spec of specs) {
    const words = spec.path === '' ? [] : spec.path.split(' ');
    // After exactly these command words (fish's own helper for subcommand chains).
    const condition =
      words.length === 0
        ? '__fish_use_subcommand'
        : `__fish_seen_subcommand_from ${words.at(-1)}${spec.subcommands.length > 0 ? `; and not __fish_seen_subcommand_from ${spec.subcommands.join(' ')}` : ''}`;
    for (const sub of spec.subcommands)
      lines.push(`complete -c racelens -n ${quote(condition)} -a ${sub}`);
    for (const option of spec.options) {
      const base = `complete -c racelens -n ${quote(condition)} -l ${option.flag.slice(2)}`;
      if (option.choices) lines.push(`${base} -x -a ${quote(option.choices.join(' '))}`);
      else if (option.takesValue) lines.push(`${base} -r -F`);
      else lines.push(base);
    }
    if (spec.subcommands.length === 0 && spec.path !== '')
      lines.push(`complete -c racelens -n ${quote(condition)} -F`);
  }
  return `${lines.join('\n')}\n`;
}
