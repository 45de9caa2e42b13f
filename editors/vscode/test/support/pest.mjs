// Reading keyword literals out of the pest grammar (grammar/journey.pest).

/** Splits pest source into tokens: strings, char literals, punctuation and identifiers. */
export function pestTokens(src) {
  const tokens = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      i = end < 0 ? src.length : end + 2;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let value = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\') {
          const n = src[j + 1];
          value += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'r' ? '\r' : n;
          j += 2;
          if (n === 'u') {
            const close = src.indexOf('}', j);
            j = close + 1;
          }
        } else {
          value += src[j++];
        }
      }
      tokens.push({ kind: c === '"' ? 'string' : 'char', value });
      i = j + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < src.length && /[A-Za-z0-9_]/.test(src[j])) j++;
      tokens.push({ kind: 'ident', value: src.slice(i, j) });
      i = j;
    } else if (/\s/.test(c)) {
      i++;
    } else {
      tokens.push({ kind: 'punct', value: c });
      i++;
    }
  }
  return tokens;
}

/** The keyword literals of a pest grammar: strings directly followed by `~ kw_end`. */
export function pestKeywords(src) {
  const t = pestTokens(src);
  const found = new Set();
  for (let k = 2; k < t.length; k++) {
    if (!(t[k].kind === 'ident' && t[k].value === 'kw_end' && t[k - 1].value === '~')) continue;
    const prev = t[k - 2];
    if (prev.kind === 'string') {
      found.add(prev.value);
    } else if (prev.kind === 'punct' && prev.value === ')') {
      // A group: take each alternative that ends in a string literal, `("a" | "b")`.
      let depth = 0;
      let open = k - 2;
      for (; open >= 0; open--) {
        if (t[open].value === ')' && t[open].kind === 'punct') depth++;
        if (t[open].value === '(' && t[open].kind === 'punct' && --depth === 0) break;
      }
      for (let m = open + 1; m < k - 2; m++) {
        const next = t[m + 1];
        if (t[m].kind === 'string' && next.kind === 'punct' && (next.value === '|' || m + 1 === k - 2)) {
          found.add(t[m].value);
        }
      }
    }
  }
  return [...found].sort();
}

