package reader

import (
	"math"
	"strconv"
	"strings"
)

const (
	hintIntRange   = "integers are 64-bit"
	hintBigDecimal = "BigDecimal literals are not supported; write a plain float like 1.5"
	hintRatio      = "ratios are not supported; write (/ 1 2) or 0.5"
)

// number is the result of parsing a number token. When msg is set the token
// is not a valid number and msg/hint describe why.
type number struct {
	isFloat   bool
	i         int64
	f         float64
	msg, hint string
}

// parseNumber parses a token that starts with a digit, or with a sign and a
// digit, following Clojure's number syntax:
//
//	[+-]? ( 0 | [1-9][0-9]* | 0[xX]hex+ | 0[0-7]+ ) N?   integers
//	[+-]? [1-9][0-9]? [rR] [0-9A-Za-z]+                 radix integers
//	[+-]? [0-9]+ (.[0-9]*)? ([eE][+-]?[0-9]+)? M?       floats (M rejected)
//	[+-]? [0-9]+ / [0-9]+                               ratios (rejected)
func parseNumber(tok string) number {
	if n, ok := smallDecimal(tok); ok {
		return number{i: n}
	}
	return parseNumberSyntax(tok)
}

// parseNumberSyntax is parseNumber for every token.
func parseNumberSyntax(tok string) number {
	body, neg := tok, false
	if body != "" && (body[0] == '+' || body[0] == '-') {
		neg = body[0] == '-'
		body = body[1:]
	}
	if body == "" || !isDigit(body[0]) {
		return badNumber(tok, "")
	}

	// Radix integers: the digits run to the end (an N is a digit here).
	if i := radixEnd(body); i > 0 {
		base, _ := strconv.Atoi(body[:i])
		digits := body[i+1:]
		if base < 2 || base > 36 {
			return badNumber(tok, "the radix must be between 2 and 36")
		}
		return intValue(tok, digits, base, neg)
	}

	core := strings.TrimSuffix(body, "N")
	switch {
	case core == "0":
		return number{}
	case core[0] != '0' && allDigits(core, 10):
		return intValue(tok, core, 10, neg)
	case len(core) > 2 && core[0] == '0' && (core[1] == 'x' || core[1] == 'X') && allDigits(core[2:], 16):
		return intValue(tok, core[2:], 16, neg)
	case len(core) > 1 && core[0] == '0' && allDigits(core[1:], 8):
		return intValue(tok, core[1:], 8, neg)
	case len(core) > 1 && core[0] == '0' && allDigits(core[1:], 10):
		fixed := strings.TrimLeft(core, "0")
		if tok[0] == '-' {
			fixed = "-" + fixed
		}
		return badNumber(tok, "a leading 0 makes an octal number; write "+fixed)
	}

	if end, bigDec, ok := floatEnd(body); ok {
		if bigDec {
			return badNumber(tok, hintBigDecimal)
		}
		s := tok[:len(tok)-len(body)+end]
		f, err := strconv.ParseFloat(s, 64)
		if err != nil && !math.IsInf(f, 0) {
			return badNumber(tok, "") // not reachable: the syntax was checked above
		}
		return number{isFloat: true, f: f}
	}

	if slash := strings.IndexByte(body, '/'); slash > 0 && allDigits(body[:slash], 10) && allDigits(body[slash+1:], 10) {
		return badNumber(tok, hintRatio)
	}
	return badNumber(tok, "")
}

// badNumber is the result for an invalid number token (built only on the
// error path: the message allocates).
func badNumber(tok, hint string) number {
	return number{msg: "invalid number: " + tok, hint: hint}
}

// radixEnd returns the index of the 'r' in a radix literal body such as
// "16rFF", or 0 when body is not one.
func radixEnd(body string) int {
	i := 1
	if len(body) > 1 && isDigit(body[1]) {
		i = 2
	}
	if body[0] == '0' || len(body) < i+2 || (body[i] != 'r' && body[i] != 'R') {
		return 0
	}
	for j := i + 1; j < len(body); j++ {
		c := body[j]
		if !isDigit(c) && !('a' <= c && c <= 'z') && !('A' <= c && c <= 'Z') {
			return 0
		}
	}
	return i
}

// floatEnd checks body against [0-9]+(.[0-9]*)?([eE][+-]?[0-9]+)?M? and
// returns the length without the M, and whether there was an M.
func floatEnd(body string) (end int, bigDec, ok bool) {
	i := 0
	for i < len(body) && isDigit(body[i]) {
		i++
	}
	if i == 0 {
		return 0, false, false
	}
	if i < len(body) && body[i] == '.' {
		i++
		for i < len(body) && isDigit(body[i]) {
			i++
		}
	}
	if i < len(body) && (body[i] == 'e' || body[i] == 'E') {
		j := i + 1
		if j < len(body) && (body[j] == '+' || body[j] == '-') {
			j++
		}
		k := j
		for k < len(body) && isDigit(body[k]) {
			k++
		}
		if k == j {
			return 0, false, false
		}
		i = k
	}
	end = i
	if i < len(body) && body[i] == 'M' {
		bigDec = true
		i++
	}
	return end, bigDec, i == len(body)
}

// intValue converts digits (already known to be non-empty) in base into an
// int64, reporting numbers that do not fit.
func intValue(tok, digits string, base int, neg bool) number {
	limit := uint64(math.MaxInt64)
	if neg {
		limit++
	}
	var v uint64
	for i := 0; i < len(digits); i++ {
		d := digitVal(digits[i])
		if d >= base {
			return number{msg: "invalid number: " + tok}
		}
		if v > (limit-uint64(d))/uint64(base) {
			return number{msg: "integer literal too large", hint: hintIntRange}
		}
		v = v*uint64(base) + uint64(d)
	}
	if digits == "" {
		return number{msg: "invalid number: " + tok}
	}
	if neg {
		return number{i: int64(-v)}
	}
	return number{i: int64(v)}
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// digitVal is the value of an ASCII digit or letter in bases up to 36, or 99.
func digitVal(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'z':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'Z':
		return int(c-'A') + 10
	}
	return 99
}

func allDigits(s string, base int) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if digitVal(s[i]) >= base {
			return false
		}
	}
	return true
}

// smallDecimal reads the commonest number token, a non-negative decimal
// integer of at most 18 digits without a leading 0 (or 0 itself), which
// cannot overflow; ok is false for every other token.
func smallDecimal(tok string) (n int64, ok bool) {
	if tok == "" || len(tok) > 18 || (tok[0] == '0' && len(tok) > 1) {
		return 0, false
	}
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		if !isDigit(c) {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}
