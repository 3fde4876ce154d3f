package lang

import (
	"regexp"
	"strings"
)

// Regex is a compiled regular expression. PTC-Lisp uses Go's RE2 syntax,
// which has no backreferences or lookaround; see docs/language.md.
type Regex struct {
	Source string
	re     *regexp.Regexp
}

// compileRegex compiles a #"..." literal or re-pattern argument. A few Java
// spellings RE2 lacks are translated: possessive quantifiers and atomic
// groups are not supported and are reported as such.
func compileRegex(src string) (*Regex, *Error) {
	goSrc := src
	if strings.Contains(goSrc, `\Z`) {
		goSrc = strings.ReplaceAll(goSrc, `\Z`, `\z`)
	}
	re, err := regexp.Compile(goSrc)
	if err != nil {
		e := Errorf(ValueError, "invalid regex #\"%s\": %v", src, err)
		switch {
		case strings.Contains(src, "(?=") || strings.Contains(src, "(?!") || strings.Contains(src, "(?<=") || strings.Contains(src, "(?<!"):
			e.Hint = "lookahead and lookbehind are not supported (RE2 syntax); match more and pick out a capture group instead"
		case strings.Contains(src, `\1`) || strings.Contains(src, `\2`):
			e.Hint = "backreferences are not supported (RE2 syntax)"
		default:
			e.Hint = "regexes use RE2 syntax (like Java's, without lookaround, backreferences or possessive quantifiers)"
		}
		return nil, e
	}
	return &Regex{Source: src, re: re}, nil
}
