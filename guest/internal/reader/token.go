package reader

import "strings"

// Character classes, following Clojure's LispReader.

// The ASCII character classes as bit sets: bit c of lo is byte c < 64,
// bit c-64 of hi is byte c in [64, 128). Testing a bit is cheaper than a
// switch, which the reader does for every character it scans.
const (
	spaceLo = 1<<' ' | 1<<'\t' | 1<<'\n' | 1<<'\v' | 1<<'\f' | 1<<'\r' | 1<<',' | 1<<0x1c | 1<<0x1d | 1<<0x1e | 1<<0x1f
	macroLo = 1<<'"' | 1<<';' | 1<<'\'' | 1<<'(' | 1<<')' | 1<<'%' | 1<<'#'
	macroHi = 1<<('@'-64) | 1<<('^'-64) | 1<<('`'-64) | 1<<('~'-64) | 1<<('['-64) | 1<<(']'-64) |
		1<<('{'-64) | 1<<('}'-64) | 1<<('\\'-64)
	// terminating: the macro characters except #, ' and %.
	terminatingLo = macroLo &^ (1<<'#' | 1<<'\'' | 1<<'%')
)

// inClass reports whether the ASCII byte c is in the class lo, hi.
func inClass(c byte, lo, hi uint64) bool {
	if c < 64 {
		return lo>>c&1 != 0
	}
	return c < 128 && hi>>(c-64)&1 != 0
}

// isSpaceByte reports whether an ASCII byte is whitespace. Commas are
// whitespace.
func isSpaceByte(c byte) bool { return c < 64 && spaceLo>>c&1 != 0 }

// isSpaceRune reports whether r is whitespace: Java's Character.isWhitespace
// plus commas, the no-break spaces and a byte order mark, which are never
// meant as part of a symbol.
func isSpaceRune(r rune) bool {
	if r < 0x80 {
		return isSpaceByte(byte(r))
	}
	switch {
	case r == 0xa0, r == 0x1680, 0x2000 <= r && r <= 0x200a, r == 0x2028, r == 0x2029,
		r == 0x202f, r == 0x205f, r == 0x3000, r == 0xfeff:
		return true
	}
	return false
}

// isMacro reports whether c starts a reader macro. Every macro character
// ends a number.
func isMacro(c byte) bool { return inClass(c, macroLo, macroHi) }

// isTerminating reports whether c ends a symbol or keyword: the macro
// characters except #, ' and %, which may appear inside one (a#, a', a%).
func isTerminating(c byte) bool { return inClass(c, terminatingLo, macroHi) }

// isCloser reports whether c closes a collection.
func isCloser(c byte) bool { return c == ')' || c == ']' || c == '}' }

// splitSymbol matches t against Clojure's symbol syntax
// ([^0-9/].*/)?(/|[^0-9/][^/]*) and returns the namespace part (with its
// trailing '/', "" if none) and the name.
func splitSymbol(t string) (ns, name string, ok bool) {
	if t == "/" {
		return "", "/", true
	}
	i := strings.LastIndexByte(t, '/')
	if i < 0 {
		return "", t, t != "" && !isDigit(t[0])
	}
	ns, name = t[:i+1], t[i+1:]
	if name == "" {
		// Only "/" itself may be the name, as in clojure.core//.
		if i == 0 || t[i-1] != '/' {
			return "", "", false
		}
		ns, name = t[:i], "/"
	} else if isDigit(name[0]) {
		return "", "", false
	}
	if len(ns) < 2 || ns[0] == '/' || isDigit(ns[0]) {
		return "", "", false
	}
	return ns, name, true
}

// validToken reports whether a symbol or keyword token (keywords with their
// leading colon) is well formed, as Clojure's matchSymbol decides it.
func validToken(s string) bool {
	// Most tokens are plain names, without '/' or a ':' after the first
	// character: then only the first characters matter.
	plain := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '/' || (c == ':' && i > 0) {
			plain = false
			break
		}
	}
	if plain && s != "" {
		if s[0] == ':' {
			return len(s) > 1
		}
		return !isDigit(s[0])
	}
	return validTokenSyntax(s)
}

// validTokenSyntax is validToken for every token, following Clojure's
// matchSymbol.
func validTokenSyntax(s string) bool {
	var ns, name string
	ok := false
	if s != "" && s[0] == ':' {
		ns, name, ok = splitSymbol(s[1:])
	}
	if !ok {
		ns, name, ok = splitSymbol(s)
	}
	if !ok || strings.HasSuffix(ns, ":/") || strings.HasSuffix(name, ":") {
		return false
	}
	return !strings.Contains(s[1:], "::")
}

// tokenHint suggests a fix for an invalid symbol or keyword token.
func tokenHint(tok string) string {
	if tok == "" {
		return ""
	}
	bare := strings.TrimLeft(tok, ":")
	switch {
	case tok == ":":
		return `a keyword needs a name, e.g. :id; a map is written {:id 1} or {"id" 1}, without colons after keys`
	case strings.HasPrefix(tok, "::") && strings.Contains(tok, "/"):
		return "namespace aliases are not supported; write the full keyword, e.g. :ns/name"
	case strings.Contains(tok[1:], "::"):
		return "remove the doubled colon"
	case strings.HasSuffix(tok, "/"):
		return "a name must follow the /, e.g. ns/name"
	case strings.HasPrefix(bare, "/"):
		return "a namespace must come before the /, e.g. ns/name"
	case strings.HasSuffix(tok, ":"):
		return "names cannot end with ':'"
	}
	return ""
}
