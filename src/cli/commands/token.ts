import { hashToken, isScope, newTokenSecret, SCOPES } from '../../serve/tokens.js';
import { EXIT, type ExitCode, ExitError } from '../exit-codes.js';
import { openStoreToRead, openStoreToWrite, storeOrExit } from '../open-read-store.js';
import type { CommandIo } from '../output.js';

/** `racelens token create --scope S --name N`: prints the secret once; the store keeps its hash. */
export async function tokenCreateCommand(
  options: { readonly name: string; readonly scopes: readonly string[]; readonly db?: string },
  io: CommandIo,
): Promise<ExitCode> {
  const scopes = [...new Set(options.scopes.flatMap((s) => s.split(',')).map((s) => s.trim()))];
  const bad = scopes.filter((s) => !isScope(s));
  if (scopes.length === 0 || bad.length > 0)
    throw new ExitError(
      EXIT.usage,
      `--scope takes ${SCOPES.join(', ')} (repeat it or separate with commas)${bad.length > 0 ? `, not ${bad.join(', ')}` : ''}`,
    );
  if (!/^[\w.@-]{1,64}$/.test(options.name))
    throw new ExitError(EXIT.usage, '--name takes 1-64 letters, digits, and . _ @ -');
  const secret = newTokenSecret();
  const { store } = await openStoreToWrite(options.db);
  try {
    await storeOrExit(() =>
      store.createToken({ name: options.name, scopes, hash: hashToken(secret) }),
    );
  } finally {
    await store.close();
  }
  await io.stdout.write(`${secret}\n`);
  await io.stderr.write(
    `racelens: token '${options.name}' (${scopes.join(', ')}) created; it is shown this once, the store keeps only its hash\n`,
  );
  return EXIT.ok;
}

/** `racelens token list`: names, scopes, when made and revoked; never secrets. */
export async function tokenListCommand(
  options: { readonly db?: string; readonly json: boolean },
  io: CommandIo,
): Promise<ExitCode> {
  const { store } = await openStoreToRead(options.db);
  try {
    const tokens = await storeOrExit(() => store.listTokens());
    if (options.json) {
      await io.stdout.write(`${JSON.stringify({ tokens }, null, 2)}\n`);
      return EXIT.ok;
    }
    if (tokens.length === 0)
      await io.stdout.write('no tokens: racelens serve is open (loopback only)\n');
    for (const t of tokens)
      await io.stdout.write(
        `${t.name}\t${t.scopes.join(',')}\tcreated ${t.createdAt}${t.revokedAt ? `\trevoked ${t.revokedAt}` : ''}\n`,
      );
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

/** `racelens token revoke NAME`: the token stops working at once, on running servers too. */
export async function tokenRevokeCommand(
  name: string,
  options: { readonly db?: string },
  io: CommandIo,
): Promise<ExitCode> {
  const { store } = await openStoreToWrite(options.db);
  try {
    const revoked = await storeOrExit(() => store.revokeToken(name));
    if (!revoked)
      throw new ExitError(EXIT.usage, `no token named '${name}' to revoke (racelens token list)`);
    await io.stdout.write(`token '${name}' revoked\n`);
    return EXIT.ok;
  } finally {
    await store.close();
  }
}
