// The page's state in the URL hash, for sharing: base64url of the UTF-8
// JSON of {v: 1, program, data, tools, limits, multi}. The editors' texts
// are kept as typed.

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** encodeState returns the hash (without '#') for a state object. */
export function encodeState(state) {
  const bytes = utf8.encode(JSON.stringify({ v: 1, ...state }));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** decodeState reads a hash made by encodeState; null when it is not one. */
export function decodeState(hash) {
  const h = hash.replace(/^#/, '');
  if (h === '') return null;
  try {
    const bin = atob(h.replace(/-/g, '+').replace(/_/g, '/'));
    const st = JSON.parse(fromUtf8.decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
    return st && typeof st === 'object' && st.v === 1 ? st : null;
  } catch {
    return null;
  }
}
