package cli

// needsMore reports whether src is an unfinished input the repl should
// keep reading lines for: a bracket ( [ { #( #{ that is not closed, or a
// string or regex literal #"..." still open. It skips brackets inside
// strings, regex literals, ; comments and character literals (\( \" \;).
// An extra closing bracket counts as finished, so the evaluation reports
// it as a syntax error rather than waiting forever.
func needsMore(src string) bool {
	depth := 0
	inString := false
	for i := 0; i < len(src); i++ {
		c := src[i]
		if inString {
			switch c {
			case '\\':
				i++ // the escaped character, whatever it is
			case '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true // also the body of a regex literal #"..."
		case ';':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case '\\':
			i++ // a character literal: \( \] \" \; \\ are characters, not syntax
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
			if depth < 0 {
				return false
			}
		}
	}
	return inString || depth > 0
}
