/** Who makes a request, as auth found it. */
export type Principal =
  | { readonly kind: 'anonymous' }
  /** A token sent as `Authorization: Bearer`, or a browser session made from one. */
  | {
      readonly kind: 'token';
      readonly name: string;
      readonly scopes: readonly string[];
      readonly via: 'bearer' | 'session';
    }
  /** A bearer token that is unknown or revoked. */
  | { readonly kind: 'invalid' };
