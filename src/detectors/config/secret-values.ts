/**
 * What makes a name or a value a credential, and how to show one without leaking it. Shared by the
 * hardcoded-secret detector's code, manifest and env-file checks.
 */

/** Last words of a name that hold a credential (`dbPassword`, `JWT_SECRET`, `pspApiKey`). */
const SECRET_LAST = new Set(["password", "passwd", "pwd", "passphrase", "secret", "token", "apikey", "privatekey", "secretkey", "accesskey"]);
/** `<word> key` pairs that hold a credential (`API_KEY`, `signing_key`, `SECRET_ACCESS_KEY`). */
const KEY_QUALIFIERS = new Set(["api", "access", "secret", "private", "signing", "encryption", "master", "auth", "client", "app", "webhook", "hmac"]);

/** Splits `dbPassword`, `DB_PASSWORD`, `db-password`, `smtp.password` into lower-case words. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** Whether a variable, property, header or env var name says it holds a credential. */
export function isSecretName(name: string): boolean {
  if (!/pass|pwd|secret|token|key/i.test(name)) return false; // cheap first look
  // Frontend build variables are public by definition: the bundler ships them to every browser.
  if (/^(NEXT_PUBLIC|VITE|REACT_APP|EXPO_PUBLIC|PUBLIC|GATSBY|NUXT_PUBLIC|VUE_APP)_/.test(name)) return false;
  const w = words(name);
  const last = w[w.length - 1];
  if (!last) return false;
  if (SECRET_LAST.has(last)) return true;
  if (last === "key" && w.length >= 2 && KEY_QUALIFIERS.has(w[w.length - 2]!)) return true;
  return false;
}

/** Header names whose value is a credential. */
export function isAuthHeader(name: string): boolean {
  // Header spellings only: a property `apiKey` is a name, handled by isSecretName.
  return /^(authorization|proxy-authorization|x-api-key|api-key|x-auth-token|x-access-token|private-token|x-vault-token)$/i.test(name);
}

const PLACEHOLDER_WORDS = new Set([
  "changeme", "change-me", "change_me", "changeit", "password", "passwd", "secret", "pass", "test", "testing", "dummy", "example", "sample",
  "placeholder", "redacted", "todo", "none", "null", "nil", "undefined", "empty", "default", "admin", "root", "guest", "user", "postgres",
  "mysql", "redis", "rabbitmq", "dev", "local", "development", "foo", "bar", "foobar", "qwerty", "secret123", "password123", "mypassword",
  "yourpassword", "token", "apikey", "api-key", "api_key", "key", "value", "string", "required", "optional", "unset", "notset", "n/a",
]);
const PLACEHOLDER_PATTERNS = [
  /\$\{|\{\{|\$\(|%[sdv]|^\$[A-Za-z_]/, // ${VAR}, {{ .Values.x }}, $(VAR), %s, $VAR
  /^<[^>]*>$|^\[[^\]]*\]$/, // <password>, [token]
  /^(x+|\*+|\.+|-+|#+|0+|1234.*)$/i,
  /^(your|my|insert|enter|replace|put|set|add)[-_ ]?/i,
  /changeme|change[-_]me|placeholder|example|dummy|redacted|notasecret|not[-_]a[-_]secret|xxxx/i,
];

/**
 * Whether a literal assigned to a credential name looks like a real credential rather than a
 * placeholder, a reference, an identifier, a message or a path. `prose-risk` is for places where
 * a credential word may label text (translations: `password: "Passwort"`): there a value must
 * look random (a digit or symbol, or long mixed case). `credential-slot` is for places that can
 * only hold a credential (a client's password option, an env var's default, `jwt.sign`'s key).
 */
export function looksLikeSecretValue(value: string, name?: string, where: "prose-risk" | "credential-slot" = "credential-slot"): boolean {
  const v = value.trim();
  if (v.length < 6 || v.length > 4096) return false;
  const lower = v.toLowerCase();
  if (PLACEHOLDER_WORDS.has(lower)) return false;
  if (PLACEHOLDER_PATTERNS.some((re) => re.test(v))) return false;
  if (/\s/.test(v)) return false; // a message, not a credential
  if (/^[A-Z][A-Z0-9_]+$/.test(v)) return false; // the name of an env var or constant
  if (/^[a-z]+([._-][a-z]+)+$/.test(v) || /^[a-z]+([A-Z][a-z]+)+$/.test(v)) return false; // identifiers, i18n keys
  if (/^(true|false|yes|no|on|off)$/i.test(v) || /^\d+$/.test(v)) return false;
  if (/^(\/|\.\/|\.\.\/|~\/|[a-z][a-z0-9+.-]*:\/\/|file:)/i.test(v)) return false; // a path or a URL
  if (name && words(name).includes(lower)) return false;
  // Credentials mix character classes; a plain word ("Passwort" in a German locale file) is prose.
  if (where === "prose-risk" && /^[\p{L}'’.-]+$/u.test(v) && !(v.length >= 16 && /[a-z]/.test(v) && /[A-Z]/.test(v) && /^[A-Za-z]+$/.test(v))) return false;
  // Google browser keys (Firebase web config, Maps) are public and restricted by referrer.
  if (/^AIza[0-9A-Za-z_-]{35}$/.test(v)) return false;
  return true;
}

/** Tokens with a provider's prefix: a match is a credential wherever it appears. */
export const TOKEN_PATTERNS: ReadonlyArray<{ name: string; re: RegExp }> = [
  { name: "AWS access key id", re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: "GitHub token", re: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { name: "GitHub fine-grained token", re: /\bgithub_pat_[A-Za-z0-9_]{40,}\b/ },
  { name: "GitLab token", re: /\bglpat-[A-Za-z0-9_-]{20,}\b/ },
  { name: "Stripe live key", re: /\b[sr]k_live_[A-Za-z0-9]{16,}\b/ },
  { name: "Slack token", re: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/ },
  { name: "SendGrid key", re: /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}\b/ },
  { name: "npm token", re: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { name: "OpenAI key", re: /\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{16,}/ },
  { name: "private key", re: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/ },
];

/** The first provider token in a text, with its offset; fake-looking bodies (EXAMPLE, xxxx, low entropy) are skipped. */
/** Cheap first look: every token pattern starts with one of these. */
const TOKEN_PREFIX = /AKIA|ASIA|gh[pousr]_|github_pat_|glpat-|k_live_|xox[abposr]-|SG\.|npm_|sk-|-----BEGIN/;

export function findToken(text: string): { name: string; index: number; match: string } | undefined {
  if (text.length < 16 || !TOKEN_PREFIX.test(text)) return undefined;
  for (const { name, re } of TOKEN_PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    if (name !== "private key" && (/EXAMPLE|example|xxxx|XXXX|0000|1234/.test(m[0]) || entropy(m[0]) < 3)) continue;
    return { name, index: m.index, match: m[0] };
  }
  return undefined;
}

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** A secret as findings may show it: never more than its first two characters and its length. */
export function mask(secret: string): string {
  if (secret.startsWith("-----BEGIN")) return "-----BEGIN … PRIVATE KEY-----";
  return secret.length >= 12 ? `${secret.slice(0, 2)}…(${secret.length} chars)` : `…(${secret.length} chars)`;
}
