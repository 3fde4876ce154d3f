package lang

import (
	"math"
	"math/bits"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Java interop: the bounded set of Java static members, String methods
// and java.time / java.util.Date values that programs written for Clojure
// commonly use. Nothing here reaches a JVM; each member is reimplemented
// with Java's documented semantics (UTF-16 string indexes, NumberFormat
// rules, Math.round ties up ...).
//
// Host values. LocalDate, Instant, JavaDuration and JavaDate are ordinary
// immutable values: value.go, arith.go and print.go find their Equal,
// Hash, Compare, TypeName and PrStr methods. String gives the text Java's
// toString returns (what str should print).

const mxGroup = "Java interop"

// LocalDate is a java.time.LocalDate: a date without time or zone, held
// as days since 1970-01-01.
type LocalDate struct{ day int64 }

// Instant is a java.time.Instant: seconds since the epoch plus
// nanoseconds in [0, 1e9).
type Instant struct {
	sec  int64
	nano int32
}

// JavaDuration is a java.time.Duration: seconds plus nanoseconds in
// [0, 1e9) (a negative duration has negative seconds).
type JavaDuration struct {
	sec  int64
	nano int32
}

// JavaDate is a java.util.Date: milliseconds since the epoch.
type JavaDate struct{ ms int64 }

const (
	mxSeedDate uint64 = 0x2545f4914f6cdd1d
	mxNanos           = 1_000_000_000
)

// LocalDate's range, as in Java: years -999999999 to 999999999.
var (
	mxMinEpochDay = mxDaysFromCivil(-999_999_999, 1, 1)
	mxMaxEpochDay = mxDaysFromCivil(999_999_999, 12, 31)
)

func (LocalDate) TypeName() string    { return "LocalDate" }
func (Instant) TypeName() string      { return "Instant" }
func (JavaDuration) TypeName() string { return "Duration" }
func (JavaDate) TypeName() string     { return "Date" }

func (d LocalDate) String() string {
	y, m, dd := mxCivilFromDays(d.day)
	return mxYear(y) + "-" + mx2(m) + "-" + mx2(dd)
}

func (i Instant) String() string {
	days := mxFloorDiv(i.sec, 86400)
	secs := i.sec - days*86400
	y, m, d := mxCivilFromDays(days)
	var b strings.Builder
	b.WriteString(mxYear(y))
	b.WriteString("-" + mx2(m) + "-" + mx2(d) + "T" + mx2(secs/3600) + ":" + mx2(secs/60%60) + ":" + mx2(secs%60))
	if n := int64(i.nano); n != 0 {
		var digits string
		switch {
		case n%1_000_000 == 0:
			digits = strconv.FormatInt(n/1_000_000+1000, 10)[1:]
		case n%1000 == 0:
			digits = strconv.FormatInt(n/1000+1_000_000, 10)[1:]
		default:
			digits = strconv.FormatInt(n+mxNanos, 10)[1:]
		}
		b.WriteString("." + digits)
	}
	b.WriteByte('Z')
	return b.String()
}

// String is Java's ISO-8601 form, e.g. PT25H1M1.5S.
func (d JavaDuration) String() string {
	if d.sec == 0 && d.nano == 0 {
		return "PT0S"
	}
	eff := d.sec
	if d.sec < 0 && d.nano > 0 {
		eff++
	}
	hours := eff / 3600
	minutes := (eff % 3600) / 60
	secs := eff % 60
	var b strings.Builder
	b.WriteString("PT")
	if hours != 0 {
		b.WriteString(strconv.FormatInt(hours, 10) + "H")
	}
	if minutes != 0 {
		b.WriteString(strconv.FormatInt(minutes, 10) + "M")
	}
	if secs == 0 && d.nano == 0 && b.Len() > 2 {
		return b.String()
	}
	if d.sec < 0 && d.nano > 0 && secs == 0 {
		b.WriteString("-0")
	} else {
		b.WriteString(strconv.FormatInt(secs, 10))
	}
	if d.nano > 0 {
		var frac int64
		if d.sec < 0 {
			frac = 2*mxNanos - int64(d.nano)
		} else {
			frac = int64(d.nano) + mxNanos
		}
		f := strings.TrimRight(strconv.FormatInt(frac, 10), "0")
		b.WriteString("." + f[1:])
	}
	b.WriteByte('S')
	return b.String()
}

// mxUTC splits epoch milliseconds into civil UTC fields.
type mxUTC struct {
	y, mo, d, h, mi, s, ms, wd int64 // wd: 0 = Sunday
}

func mxUTCOf(ms int64) mxUTC {
	days := ms / 86400000
	rem := ms % 86400000
	if rem < 0 {
		rem += 86400000
		days--
	}
	y, mo, d := mxCivilFromDays(days)
	wd := (days + 4) % 7 // 1970-01-01 was a Thursday
	if wd < 0 {
		wd += 7
	}
	return mxUTC{y: y, mo: mo, d: d, h: rem / 3600000, mi: rem / 60000 % 60, s: rem / 1000 % 60, ms: rem % 1000, wd: wd}
}

func mxPad(n int64, w int) string {
	s := strconv.FormatInt(n, 10)
	for len(s) < w {
		s = "0" + s
	}
	return s
}

var mxWeekdays = [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
var mxMonths = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// String is java.util.Date's toString in UTC: "Thu Jan 01 00:00:00 UTC 1970".
func (d JavaDate) String() string {
	t := mxUTCOf(d.ms)
	return mxWeekdays[t.wd] + " " + mxMonths[t.mo-1] + " " + mxPad(t.d, 2) + " " +
		mxPad(t.h, 2) + ":" + mxPad(t.mi, 2) + ":" + mxPad(t.s, 2) + " UTC " + strconv.FormatInt(t.y, 10)
}

func (d LocalDate) PrStr() string    { return `#object[java.time.LocalDate "` + d.String() + `"]` }
func (i Instant) PrStr() string      { return `#object[java.time.Instant "` + i.String() + `"]` }
func (d JavaDuration) PrStr() string { return `#object[java.time.Duration "` + d.String() + `"]` }

// PrStr prints a Date as Clojure does: #inst "1970-01-01T00:00:00.000-00:00".
func (d JavaDate) PrStr() string {
	t := mxUTCOf(d.ms)
	return `#inst "` + mxYear(t.y) + "-" + mxPad(t.mo, 2) + "-" + mxPad(t.d, 2) + "T" + mxPad(t.h, 2) + ":" +
		mxPad(t.mi, 2) + ":" + mxPad(t.s, 2) + "." + mxPad(t.ms, 3) + `-00:00"`
}

func (d LocalDate) Equal(o Value) bool    { e, ok := o.(LocalDate); return ok && e == d }
func (i Instant) Equal(o Value) bool      { e, ok := o.(Instant); return ok && e == i }
func (d JavaDuration) Equal(o Value) bool { e, ok := o.(JavaDuration); return ok && e == d }
func (d JavaDate) Equal(o Value) bool     { e, ok := o.(JavaDate); return ok && e == d }

func (d LocalDate) Hash() uint64 { return mix64(uint64(d.day) ^ mxSeedDate) }
func (i Instant) Hash() uint64 {
	return mix64(uint64(i.sec)*31 + uint64(i.nano) ^ (mxSeedDate >> 1))
}
func (d JavaDuration) Hash() uint64 {
	return mix64(uint64(d.sec)*31 + uint64(d.nano) ^ (mxSeedDate >> 2))
}
func (d JavaDate) Hash() uint64 { return mix64(uint64(d.ms) ^ (mxSeedDate >> 3)) }

// Compare orders values of the same class; other pairings are not
// comparable (ok false).
func (d LocalDate) Compare(o Value) (int, bool) {
	e, ok := o.(LocalDate)
	if !ok {
		return 0, false
	}
	return cmpInt(d.day, e.day), true
}

func (i Instant) Compare(o Value) (int, bool) {
	e, ok := o.(Instant)
	if !ok {
		return 0, false
	}
	return mxCmpSecNano(i.sec, i.nano, e.sec, e.nano), true
}

func (d JavaDuration) Compare(o Value) (int, bool) {
	e, ok := o.(JavaDuration)
	if !ok {
		return 0, false
	}
	return mxCmpSecNano(d.sec, d.nano, e.sec, e.nano), true
}

func (d JavaDate) Compare(o Value) (int, bool) {
	e, ok := o.(JavaDate)
	if !ok {
		return 0, false
	}
	return cmpInt(d.ms, e.ms), true
}

func mxCmpSecNano(s1 int64, n1 int32, s2 int64, n2 int32) int {
	if c := cmpInt(s1, s2); c != 0 {
		return c
	}
	return cmpInt(int64(n1), int64(n2))
}

// ---- calendar arithmetic (proleptic Gregorian, as java.time) ----

func mxFloorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func mxFloorMod(a, b int64) int64 { return a - mxFloorDiv(a, b)*b }

// mxDaysFromCivil is the number of days from 1970-01-01 to y-m-d.
func mxDaysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := mxFloorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// mxCivilFromDays is the inverse of mxDaysFromCivil.
func mxCivilFromDays(z int64) (y, m, d int64) {
	z += 719468
	era := mxFloorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return
}

func mxLeap(y int64) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func mxMonthLen(y, m int64) int64 {
	switch m {
	case 2:
		if mxLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// mxYear prints a year as java.time does: 4 digits, a sign when negative,
// and a leading + beyond 9999.
func mxYear(y int64) string {
	switch {
	case y > 9999:
		return "+" + strconv.FormatInt(y, 10)
	case y < 0:
		a := -y
		if a < 1000 {
			return "-" + strconv.FormatInt(a+10000, 10)[1:]
		}
		return "-" + strconv.FormatInt(a, 10)
	}
	return strconv.FormatInt(y+10000, 10)[1:]
}

func mx2(n int64) string {
	if n < 10 && n >= 0 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

var mxDayNames = [7]string{"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"}

// ---- ISO-8601 parsing (LocalDate/parse, Instant/parse) ----

// mxISOScanner reads the strict ISO forms java.time's parsers accept.
type mxISOScanner struct {
	s   string
	pos int
	bad bool
}

func (p *mxISOScanner) digits(n int) int64 {
	if p.bad || p.pos+n > len(p.s) {
		p.bad = true
		return 0
	}
	var v int64
	for i := 0; i < n; i++ {
		c := p.s[p.pos+i]
		if c < '0' || c > '9' {
			p.bad = true
			return 0
		}
		v = v*10 + int64(c-'0')
	}
	p.pos += n
	return v
}

func (p *mxISOScanner) lit(c byte, fold bool) {
	if p.bad || p.pos >= len(p.s) {
		p.bad = true
		return
	}
	x := p.s[p.pos]
	if fold && x >= 'a' && x <= 'z' {
		x -= 'a' - 'A'
	}
	if x != c {
		p.bad = true
		return
	}
	p.pos++
}

func (p *mxISOScanner) peek() byte {
	if p.pos < len(p.s) {
		return p.s[p.pos]
	}
	return 0
}

// date reads [+-]yyyy-MM-dd. A year of more than four digits needs a sign.
func (p *mxISOScanner) date() (y, m, d int64) {
	neg := false
	switch p.peek() {
	case '+', '-':
		neg = p.peek() == '-'
		p.pos++
		n := 0
		for p.pos+n < len(p.s) && n < 10 && p.s[p.pos+n] >= '0' && p.s[p.pos+n] <= '9' {
			n++
		}
		if n < 4 || (!neg && n == 4) {
			p.bad = true
			return
		}
		y = p.digits(n)
	default:
		y = p.digits(4)
	}
	if neg {
		y = -y
	}
	p.lit('-', false)
	m = p.digits(2)
	p.lit('-', false)
	d = p.digits(2)
	return
}

func mxDateValid(y, m, d int64) bool {
	return y >= -999_999_999 && y <= 999_999_999 && m >= 1 && m <= 12 && d >= 1 && d <= mxMonthLen(y, m)
}

func mxParseLocalDate(s string) (LocalDate, bool) {
	p := &mxISOScanner{s: s}
	y, m, d := p.date()
	if p.bad || p.pos != len(s) || !mxDateValid(y, m, d) {
		return LocalDate{}, false
	}
	return LocalDate{mxDaysFromCivil(y, m, d)}, true
}

// mxParseInstant reads yyyy-MM-ddTHH:mm:ss[.fraction](Z|±HH:MM[:SS]),
// letters in any case, with Java's 24:00 rollover and 23:59:60 leap second.
func mxParseInstant(s string) (Instant, bool) {
	p := &mxISOScanner{s: s}
	y, mo, d := p.date()
	p.lit('T', true)
	h := p.digits(2)
	p.lit(':', false)
	mi := p.digits(2)
	p.lit(':', false)
	sec := p.digits(2)
	var nano int64
	if !p.bad && p.peek() == '.' {
		p.pos++
		n := 0
		for n < 9 && p.pos < len(s) && s[p.pos] >= '0' && s[p.pos] <= '9' {
			nano = nano*10 + int64(s[p.pos]-'0')
			p.pos++
			n++
		}
		for ; n < 9; n++ {
			nano *= 10
		}
	}
	var off int64
	switch p.peek() {
	case 'Z', 'z':
		p.pos++
	case '+', '-':
		sign := int64(1)
		if p.peek() == '-' {
			sign = -1
		}
		p.pos++
		oh := p.digits(2)
		p.lit(':', false)
		om := p.digits(2)
		var os int64
		if !p.bad && p.peek() == ':' {
			p.pos++
			os = p.digits(2)
		}
		if oh > 18 || om > 59 || os > 59 || (oh == 18 && (om > 0 || os > 0)) {
			return Instant{}, false
		}
		off = sign * (oh*3600 + om*60 + os)
	default:
		p.bad = true
	}
	if p.bad || p.pos != len(s) || !mxDateValid(y, mo, d) {
		return Instant{}, false
	}
	extraDay := int64(0)
	switch {
	case h == 24 && mi == 0 && sec == 0 && nano == 0:
		h, extraDay = 0, 1
	case h == 23 && mi == 59 && sec == 60:
		sec = 59
	}
	if h > 23 || mi > 59 || sec > 59 {
		return Instant{}, false
	}
	days := mxDaysFromCivil(y, mo, d) + extraDay
	return Instant{sec: days*86400 + h*3600 + mi*60 + sec - off, nano: int32(nano)}, true
}

// ---- java.util.Date(String): the legacy Date.parse grammar ----

var mxDateWords = []string{
	"am", "pm",
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"january", "february", "march", "april", "may", "june",
	"july", "august", "september", "october", "november", "december",
	"gmt", "ut", "utc", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt",
}

// mxDateActions: 0 ignore (weekday), 1 pm, 14 am, 2..13 month, 10000+n
// zone n minutes west of UTC.
var mxDateActions = []int{
	14, 1,
	0, 0, 0, 0, 0, 0, 0,
	2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
	10000, 10000, 10000, 10000 + 5*60, 10000 + 4*60, 10000 + 6*60, 10000 + 5*60,
	10000 + 7*60, 10000 + 6*60, 10000 + 8*60, 10000 + 7*60,
}

// mxParseLegacyDate follows java.util.Date.parse: words may be abbreviated
// to any prefix of two or more letters, numbers are placed by what
// follows them. Unlike Java, a missing zone means UTC, the year must have
// four digits or more and the date must fall on or after 1582-10-15
// (the Gregorian cutover), so the result never depends on the host.
func mxParseLegacyDate(s string) (int64, bool) {
	const unset = math.MinInt64
	year, mon, mday, hour, min, sec := int64(unset), int64(-1), int64(-1), int64(-1), int64(-1), int64(-1)
	yearDigits := 0
	tz := int64(-1)
	prevc := byte(0)
	i, n := 0, len(s)
	for i < n {
		c := s[i]
		i++
		if c <= ' ' || c == ',' {
			continue
		}
		if c == '(' {
			depth := 1
			for i < n {
				c = s[i]
				i++
				if c == '(' {
					depth++
				} else if c == ')' {
					if depth--; depth <= 0 {
						break
					}
				}
			}
			continue
		}
		if c >= '0' && c <= '9' {
			v := int64(c - '0')
			nd := 1
			for i < n && s[i] >= '0' && s[i] <= '9' {
				v = v*10 + int64(s[i]-'0')
				nd++
				i++
				if nd > 9 {
					return 0, false
				}
			}
			if i < n {
				c = s[i]
			}
			switch {
			case prevc == '+' || (prevc == '-' && year != unset):
				if v < 24 {
					v *= 60
				} else {
					v = v%100 + v/100*60
				}
				if prevc == '+' {
					v = -v
				}
				if tz != 0 && tz != -1 {
					return 0, false
				}
				tz = v
			case v >= 70:
				if year != unset || !(c <= ' ' || c == ',' || c == '/' || i >= n) {
					return 0, false
				}
				year, yearDigits = v, nd
			case c == ':' && i < n:
				if hour < 0 {
					hour = v
				} else if min < 0 {
					min = v
				} else {
					return 0, false
				}
			case c == '/' && i < n:
				if mon < 0 {
					mon = v - 1
				} else if mday < 0 {
					mday = v
				} else {
					return 0, false
				}
			case i < n && c != ',' && c > ' ' && c != '-':
				return 0, false
			case hour >= 0 && min < 0:
				min = v
			case min >= 0 && sec < 0:
				sec = v
			case mday < 0:
				mday = v
			case year == unset && mon >= 0 && mday >= 0:
				year, yearDigits = v, nd
			default:
				return 0, false
			}
			prevc = 0
			continue
		}
		if c == '/' || c == ':' || c == '+' || c == '-' {
			prevc = c
			continue
		}
		st := i - 1
		for i < n && (s[i] >= 'A' && s[i] <= 'Z' || s[i] >= 'a' && s[i] <= 'z') {
			i++
		}
		if i <= st+1 {
			return 0, false
		}
		word := strings.ToLower(s[st:i])
		k := len(mxDateWords) - 1
		for ; k >= 0; k-- {
			if strings.HasPrefix(mxDateWords[k], word) {
				break
			}
		}
		if k < 0 {
			return 0, false
		}
		switch a := mxDateActions[k]; {
		case a == 0:
		case a == 1: // pm
			if hour > 12 || hour < 1 {
				return 0, false
			}
			if hour < 12 {
				hour += 12
			}
		case a == 14: // am
			if hour > 12 || hour < 1 {
				return 0, false
			}
			if hour == 12 {
				hour = 0
			}
		case a <= 13:
			if mon >= 0 {
				return 0, false
			}
			mon = int64(a - 2)
		default:
			tz = int64(a - 10000)
		}
		prevc = 0
	}
	if year == unset || mon < 0 || mday < 0 || yearDigits < 4 || year > 292_278_994 {
		return 0, false
	}
	if sec < 0 {
		sec = 0
	}
	if min < 0 {
		min = 0
	}
	if hour < 0 {
		hour = 0
	}
	// Fields out of range roll over (Feb 30 is Mar 1), as in Java.
	mon0 := mon
	y := year + mxFloorDiv(mon0, 12)
	mo := mxFloorMod(mon0, 12) + 1
	days := mxDaysFromCivil(y, mo, 1) + mday - 1
	if days < mxDaysFromCivil(1582, 10, 15) {
		return 0, false
	}
	if days > 106_751_991_000 {
		return 0, false
	}
	ms := (days*86400 + hour*3600 + min*60 + sec) * 1000
	if tz != -1 {
		ms += tz * 60_000
	}
	return ms, true
}

// ---- builtin constructors ----

func mxMethod(owner, name string, min, max int, arities []string, doc string,
	f func(t *Thread, args []Value) Value, examples ...Example) *Builtin {
	b := fn(owner, mxGroup, name, min, max, arities, doc, f, examples...)
	b.Name = name
	b.Doc.Kind = "method"
	return b
}

func mxConst(ns, name string, v Value, doc string) *Builtin {
	b := fn(ns, mxGroup, name, 0, 0, []string{ns + "/" + name}, doc,
		func(*Thread, []Value) Value { return v }, ex(ns+"/"+name, PrStr(v)))
	b.Doc.Kind = "constant"
	b.Const = v
	return b
}

// mxMath1 is a Math/ function of one double.
func mxMath1(name string, f func(float64) float64, doc string, examples ...Example) *Builtin {
	full := "Math/" + name
	return fn("Math", mxGroup, name, 1, 1, []string{"(" + full + " x)"}, doc,
		func(t *Thread, a []Value) Value { return f(mxJavaDouble(full, 1, a[0])) }, examples...)
}

func interopLib() []*Builtin {
	libs := [][]*Builtin{mxMathStatics(), mxNumberStatics(), mxStringMethods(), mxTimeLib()}
	var out []*Builtin
	for _, l := range libs {
		out = append(out, l...)
	}
	return out
}

// ---- argument helpers ----

// mxJavaDouble accepts a number for a Java double parameter (integers
// widen).
func mxJavaDouble(fname string, argi int, v Value) float64 {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case float64:
		return x
	}
	e := Errorf(TypeError, "%s expects a number (Java double) as argument %d, got %s", fname, argi, describeForError(v))
	if _, ok := v.(string); ok {
		e.Hint = "convert text first with (parse-double s)"
	}
	throw(e)
	return 0
}

// mxJavaLong is Clojure's coercion of an argument to a Java long
// parameter: floats truncate toward zero, ##NaN is 0, and infinities or
// values beyond the long range are rejected.
func mxJavaLong(fname string, v Value) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case float64:
		if x != x {
			return 0
		}
		if x >= 9223372036854775807.0 || x < -9223372036854775808.0 || math.IsInf(x, 0) {
			throw(Errorf(TypeError, "%s: %s does not fit in a Java long", fname, PrStr(x)))
		}
		return int64(x)
	}
	throw(Errorf(TypeError, "%s expects an integer, got %s", fname, describeForError(v)))
	return 0
}

// mxJavaInt is the coercion to a Java int parameter (string indexes):
// floats truncate and saturate, ##NaN is 0.
func mxJavaInt(fname string, v Value) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case float64:
		switch {
		case x != x:
			return 0
		case x >= math.MaxInt32:
			return math.MaxInt32
		case x <= math.MinInt32:
			return math.MinInt32
		}
		return int64(x)
	}
	throw(Errorf(TypeError, "%s expects an integer index, got %s", fname, describeForError(v)))
	return 0
}

func mxRecvErr(m, want string, v Value) *Error {
	if v == nil {
		return Errorf(TypeError, "%s called on nil (Java NullPointerException)", m).
			WithHint("the receiver (first argument) is nil; check where the value comes from, or guard with (when x ...)")
	}
	return Errorf(TypeError, "%s needs %s as receiver, got %s", m, want, describeForError(v))
}

func mxRecvString(m string, v Value) string {
	s, ok := v.(string)
	if !ok {
		e := mxRecvErr(m, "a string", v)
		if v != nil && e.Hint == "" {
			e.Hint = "Java string methods work on strings only; convert with (str x)"
		}
		throw(e)
	}
	return s
}

func mxArgString(m string, v Value) string {
	s, ok := v.(string)
	if !ok {
		if v == nil {
			throw(Errorf(TypeError, "%s: argument is nil (Java NullPointerException)", m))
		}
		throw(Errorf(TypeError, "%s expects a string argument, got %s", m, describeForError(v)))
	}
	return s
}

// ---- Math ----

func mxMathStatics() []*Builtin {
	const ns = "Math"
	return []*Builtin{
		fn(ns, mxGroup, "abs", 1, 1, []string{"(Math/abs x)"}, "Absolute value; an integer stays an integer, a float stays a float. The most negative integer is an arithmetic_error (Java would wrap).",
			func(t *Thread, a []Value) Value { return mxAbs("Math/abs", a[0]) }, ex("(Math/abs -7)", "7"), ex("(Math/abs -7.5)", "7.5")),
		mxMath1("ceil", math.Ceil, "Smallest whole number not below x, as a float (bare ceil returns an integer).", ex("(Math/ceil 1.2)", "2.0")),
		mxMath1("floor", math.Floor, "Largest whole number not above x, as a float (bare floor returns an integer).", ex("(Math/floor -1.2)", "-2.0")),
		mxMath1("sqrt", math.Sqrt, "Square root as a float; ##NaN for negative x.", ex("(Math/sqrt 25)", "5.0")),
		mxMath1("cbrt", math.Cbrt, "Cube root as a float.", ex("(Math/cbrt 27)", "3.0")),
		mxMath1("exp", math.Exp, "e raised to x.", ex("(Math/exp 0)", "1.0")),
		mxMath1("log", math.Log, "Natural logarithm; ##NaN for negative x, ##-Inf for 0.", ex("(Math/log 1)", "0.0")),
		mxMath1("log10", math.Log10, "Base-10 logarithm.", ex("(Math/log10 1000)", "3.0")),
		mxMath1("sin", math.Sin, "Sine of an angle in radians.", ex("(Math/sin 0)", "0.0")),
		mxMath1("cos", math.Cos, "Cosine of an angle in radians.", ex("(Math/cos 0)", "1.0")),
		mxMath1("tan", math.Tan, "Tangent of an angle in radians.", ex("(Math/tan 0)", "0.0")),
		mxMath1("asin", math.Asin, "Arc sine, in radians.", ex("(Math/asin 0)", "0.0")),
		mxMath1("acos", math.Acos, "Arc cosine, in radians.", ex("(Math/acos 1)", "0.0")),
		mxMath1("atan", math.Atan, "Arc tangent, in radians.", ex("(Math/atan 0)", "0.0")),
		fn(ns, mxGroup, "atan2", 2, 2, []string{"(Math/atan2 y x)"}, "Angle in radians of the point (x, y).",
			func(t *Thread, a []Value) Value {
				return math.Atan2(mxJavaDouble("Math/atan2", 1, a[0]), mxJavaDouble("Math/atan2", 2, a[1]))
			}, ex("(Math/atan2 1 1)", "0.7853981633974483")),
		fn(ns, mxGroup, "hypot", 2, 2, []string{"(Math/hypot x y)"}, "Length of the hypotenuse: the square root of x² + y², without overflow in between.",
			func(t *Thread, a []Value) Value {
				return math.Hypot(mxJavaDouble("Math/hypot", 1, a[0]), mxJavaDouble("Math/hypot", 2, a[1]))
			}, ex("(Math/hypot 3 4)", "5.0")),
		fn(ns, mxGroup, "pow", 2, 2, []string{"(Math/pow base exponent)"}, "base raised to exponent as a float, with Java's rules for zeros, infinities and ##NaN.",
			func(t *Thread, a []Value) Value {
				return mxPow(mxJavaDouble("Math/pow", 1, a[0]), mxJavaDouble("Math/pow", 2, a[1]))
			}, ex("(Math/pow 2 3)", "8.0"), ex("(Math/pow 0 -1)", "##Inf"), ex(`(Math/pow 2 "x")`, "error: type_error")),
		fn(ns, mxGroup, "signum", 1, 1, []string{"(Math/signum x)"}, "-1.0, 0.0 or 1.0 by the sign of a float (zeros and ##NaN are returned as is). As in Clojure an integer argument is rejected: use (Math/signum (double n)).",
			func(t *Thread, a []Value) Value {
				x, ok := a[0].(float64)
				if !ok {
					throw(Errorf(TypeError, "Math/signum expects a float, got %s", describeForError(a[0])).WithHint("convert first: (Math/signum (double n))"))
				}
				switch {
				case x > 0:
					return 1.0
				case x < 0:
					return -1.0
				}
				return x
			}, ex("(Math/signum -2.5)", "-1.0")),
		fn(ns, mxGroup, "round", 1, 1, []string{"(Math/round x)"}, "Rounds a float to the nearest integer with halves going up (toward positive infinity): -1.5 gives -1. ##NaN gives 0 and out-of-range values saturate. Integers are rejected as in Clojure; the bare round accepts both.",
			func(t *Thread, a []Value) Value {
				x, ok := a[0].(float64)
				if !ok {
					throw(Errorf(TypeError, "Math/round expects a float, got %s", describeForError(a[0])).
						WithHint("integers are already whole; use bare (round x), which accepts integers and floats"))
				}
				return boxInt(mxJavaRound(x))
			}, ex("(Math/round 2.5)", "3"), ex("(Math/round -1.5)", "-1"), ex("(Math/round 1)", "error: type_error")),
		fn(ns, mxGroup, "max", 2, 2, []string{"(Math/max x y)"}, "The greater of two numbers of the same kind (two integers or two floats; mixing them is a type_error, as Java finds no overload). ##NaN wins; 0.0 beats -0.0.",
			func(t *Thread, a []Value) Value { return mxJavaMinMax("Math/max", a[0], a[1], 1) }, ex("(Math/max 1 2)", "2"), ex("(Math/max 1 2.0)", "error: type_error")),
		fn(ns, mxGroup, "min", 2, 2, []string{"(Math/min x y)"}, "The smaller of two numbers of the same kind (two integers or two floats). ##NaN wins; -0.0 beats 0.0.",
			func(t *Thread, a []Value) Value { return mxJavaMinMax("Math/min", a[0], a[1], -1) }, ex("(Math/min 1 2)", "1")),
		fn(ns, mxGroup, "floorDiv", 2, 2, []string{"(Math/floorDiv x y)"}, "Integer division rounded toward negative infinity. Division by zero is an arithmetic_error.",
			func(t *Thread, a []Value) Value {
				x, y := mxJavaLongStrict("Math/floorDiv", a[0]), mxJavaLongStrict("Math/floorDiv", a[1])
				if y == 0 {
					throw(Errorf(ArithmeticError, "Math/floorDiv: divide by zero"))
				}
				if x == math.MinInt64 && y == -1 {
					overflow("Math/floorDiv")
				}
				return boxInt(mxFloorDiv(x, y))
			}, ex("(Math/floorDiv -7 2)", "-4")),
		fn(ns, mxGroup, "floorMod", 2, 2, []string{"(Math/floorMod x y)"}, "Remainder of floored division: the sign follows y, like mod.",
			func(t *Thread, a []Value) Value {
				x, y := mxJavaLongStrict("Math/floorMod", a[0]), mxJavaLongStrict("Math/floorMod", a[1])
				if y == 0 {
					throw(Errorf(ArithmeticError, "Math/floorMod: divide by zero"))
				}
				if y == -1 {
					return boxInt(0)
				}
				return boxInt(mxFloorMod(x, y))
			}, ex("(Math/floorMod -7 2)", "1")),
		mxConst(ns, "PI", math.Pi, "The ratio of a circle's circumference to its diameter."),
		mxConst(ns, "E", math.E, "Euler's number, the base of natural logarithms."),
	}
}

func mxJavaLongStrict(fname string, v Value) int64 {
	x, ok := v.(int64)
	if !ok {
		throw(Errorf(TypeError, "%s expects integers, got %s", fname, describeForError(v)))
	}
	return x
}

// mxJavaRound is Java's Math.round(double): floor(x + 1/2) computed without
// the rounding error of the addition, NaN to 0, saturating.
func mxJavaRound(x float64) int64 {
	if x != x {
		return 0
	}
	r := math.Floor(x)
	if x-r >= 0.5 {
		r++
	}
	switch {
	case r >= 9223372036854775807.0:
		return math.MaxInt64
	case r <= -9223372036854775808.0:
		return math.MinInt64
	}
	return int64(r)
}

func mxJavaMinMax(fname string, a, b Value, dir int) Value {
	switch x := a.(type) {
	case int64:
		if y, ok := b.(int64); ok {
			if (dir > 0) == (y > x) {
				return b
			}
			return a
		}
	case float64:
		if y, ok := b.(float64); ok {
			if dir > 0 {
				return math.Max(x, y)
			}
			return math.Min(x, y)
		}
	}
	throw(Errorf(TypeError, "%s needs two integers or two floats, got %s and %s", fname, describeForError(a), describeForError(b)).
		WithHint("Java has no mixed overload; convert one side with (double x) or (long x), or use bare max/min, which accept any numbers"))
	return nil
}

// ---- Integer, Long, Double, Float, Boolean, String, Character, System ----

func mxNumberStatics() []*Builtin {
	const parseHint = "use parse-long / parse-double for nil on bad input instead of an error"
	parseInt := func(ns string, lo, hi int64) func(t *Thread, a []Value) Value {
		return func(t *Thread, a []Value) Value { return mxParseJavaInt(ns, a, lo, hi) }
	}
	b := []*Builtin{
		fn("Integer", mxGroup, "parseInt", 1, 2, []string{"(Integer/parseInt s)", "(Integer/parseInt s radix)"}, "Parses a whole number in 32-bit range, Java style: optional sign, digits only, no spaces. Bad input is a value_error; "+parseHint+".",
			parseInt("Integer/parseInt", math.MinInt32, math.MaxInt32), ex(`(Integer/parseInt "42")`, "42"), ex(`(Integer/parseInt "ff" 16)`, "255"), ex(`(Integer/parseInt "x")`, "error: value_error")),
		fn("Integer", mxGroup, "valueOf", 1, 2, []string{"(Integer/valueOf s)", "(Integer/valueOf s radix)"}, "Same as Integer/parseInt for strings; an integer is returned as is.",
			func(t *Thread, a []Value) Value {
				if x, ok := a[0].(int64); ok && len(a) == 1 && x >= math.MinInt32 && x <= math.MaxInt32 {
					return a[0]
				}
				return mxParseJavaInt("Integer/valueOf", a, math.MinInt32, math.MaxInt32)
			}, ex(`(Integer/valueOf "42")`, "42")),
		fn("Long", mxGroup, "parseLong", 1, 2, []string{"(Long/parseLong s)", "(Long/parseLong s radix)"}, "Parses a whole number in 64-bit range, Java style: optional sign, digits only, no spaces. Bad input is a value_error; "+parseHint+".",
			parseInt("Long/parseLong", math.MinInt64, math.MaxInt64), ex(`(Long/parseLong "-17")`, "-17"), ex(`(Long/parseLong " 1")`, "error: value_error")),
		fn("Long", mxGroup, "valueOf", 1, 2, []string{"(Long/valueOf s)", "(Long/valueOf s radix)"}, "Same as Long/parseLong for strings; an integer is returned as is.",
			func(t *Thread, a []Value) Value {
				if _, ok := a[0].(int64); ok && len(a) == 1 {
					return a[0]
				}
				return mxParseJavaInt("Long/valueOf", a, math.MinInt64, math.MaxInt64)
			}, ex(`(Long/valueOf "7")`, "7")),
		fn("Integer", mxGroup, "toString", 1, 2, []string{"(Integer/toString n)", "(Integer/toString n radix)"}, "The digits of an integer, in base 10 or the given radix (2-36).",
			func(t *Thread, a []Value) Value { return mxIntToString("Integer/toString", a) }, ex("(Integer/toString 255 16)", `"ff"`)),
		fn("Long", mxGroup, "toString", 1, 2, []string{"(Long/toString n)", "(Long/toString n radix)"}, "The digits of an integer, in base 10 or the given radix (2-36).",
			func(t *Thread, a []Value) Value { return mxIntToString("Long/toString", a) }, ex("(Long/toString 42)", `"42"`)),
		fn("Double", mxGroup, "parseDouble", 1, 1, []string{"(Double/parseDouble s)"}, "Parses a float with Java's syntax: surrounding spaces allowed, exponents, hex floats (0x1.8p0), NaN, Infinity and an optional d/f suffix. Bad input is a value_error; "+parseHint+".",
			func(t *Thread, a []Value) Value { return mxParseJavaDouble("Double/parseDouble", a[0], 64) },
			ex(`(Double/parseDouble "3.14")`, "3.14"), ex(`(Double/parseDouble "0x1.8p0")`, "1.5"), ex(`(Double/parseDouble "x")`, "error: value_error")),
		fn("Double", mxGroup, "valueOf", 1, 1, []string{"(Double/valueOf x)"}, "Same as Double/parseDouble for strings; a number becomes a float.",
			func(t *Thread, a []Value) Value {
				switch x := a[0].(type) {
				case int64:
					return float64(x)
				case float64:
					return x
				}
				return mxParseJavaDouble("Double/valueOf", a[0], 64)
			}, ex(`(Double/valueOf "1.5")`, "1.5")),
		fn("Double", mxGroup, "isNaN", 1, 1, []string{"(Double/isNaN x)"}, "true when the float x is ##NaN.",
			func(t *Thread, a []Value) Value { x := mxJavaDouble("Double/isNaN", 1, a[0]); return x != x }, ex("(Double/isNaN ##NaN)", "true")),
		fn("Double", mxGroup, "isInfinite", 1, 1, []string{"(Double/isInfinite x)"}, "true when x is ##Inf or ##-Inf.",
			func(t *Thread, a []Value) Value { return math.IsInf(mxJavaDouble("Double/isInfinite", 1, a[0]), 0) }, ex("(Double/isInfinite ##Inf)", "true")),
		fn("Float", mxGroup, "isNaN", 1, 1, []string{"(Float/isNaN x)"}, "true when x is ##NaN.",
			func(t *Thread, a []Value) Value { x := mxJavaDouble("Float/isNaN", 1, a[0]); return x != x }, ex("(Float/isNaN ##NaN)", "true")),
		fn("Float", mxGroup, "isInfinite", 1, 1, []string{"(Float/isInfinite x)"}, "true when x is ##Inf or ##-Inf.",
			func(t *Thread, a []Value) Value { return math.IsInf(mxJavaDouble("Float/isInfinite", 1, a[0]), 0) }, ex("(Float/isInfinite ##-Inf)", "true")),
		mxConst("Boolean", "TRUE", true, "The boolean true."),
		mxConst("Boolean", "FALSE", false, "The boolean false."),
		fn("Float", mxGroup, "parseFloat", 1, 1, []string{"(Float/parseFloat s)"}, "Like Double/parseDouble but rounded to 32-bit precision (the result is still an ordinary float).",
			func(t *Thread, a []Value) Value { return mxParseJavaDouble("Float/parseFloat", a[0], 32) },
			ex(`(Float/parseFloat " 1.5 ")`, "1.5"), ex(`(Float/parseFloat "")`, "error: value_error")),
		fn("Boolean", mxGroup, "parseBoolean", 1, 1, []string{"(Boolean/parseBoolean s)"}, `true only for the string "true" in any letter case; every other string and nil give false.`,
			func(t *Thread, a []Value) Value { return mxParseBoolean("Boolean/parseBoolean", a[0]) },
			ex(`(Boolean/parseBoolean "TRUE")`, "true"), ex(`(Boolean/parseBoolean "yes")`, "false"), ex(`(Boolean/parseBoolean nil)`, "false")),
		fn("Boolean", mxGroup, "valueOf", 1, 1, []string{"(Boolean/valueOf x)"}, "A boolean is returned as is; a string is parsed as by Boolean/parseBoolean.",
			func(t *Thread, a []Value) Value {
				if x, ok := a[0].(bool); ok {
					return x
				}
				return mxParseBoolean("Boolean/valueOf", a[0])
			}, ex(`(Boolean/valueOf "true")`, "true")),
		mxConst("Integer", "MAX_VALUE", int64(math.MaxInt32), "The largest 32-bit integer."),
		mxConst("Integer", "MIN_VALUE", int64(math.MinInt32), "The smallest 32-bit integer."),
		mxConst("Long", "MAX_VALUE", int64(math.MaxInt64), "The largest integer."),
		mxConst("Long", "MIN_VALUE", int64(math.MinInt64), "The smallest integer."),
		mxConst("Double", "NaN", math.NaN(), "Not-a-number, ##NaN. It equals nothing, itself included."),
		mxConst("Double", "POSITIVE_INFINITY", math.Inf(1), "Positive infinity, ##Inf."),
		mxConst("Double", "NEGATIVE_INFINITY", math.Inf(-1), "Negative infinity, ##-Inf."),
		mxConst("Double", "MAX_VALUE", math.MaxFloat64, "The largest finite float."),

		fn("String", mxGroup, "valueOf", 1, 1, []string{"(String/valueOf x)"}, `The text form of x as Java prints it: like str, but nil gives "null".`,
			func(t *Thread, a []Value) Value { return mxJavaString(a[0]) }, ex("(String/valueOf 42)", `"42"`), ex("(String/valueOf nil)", `"null"`)),
		fn("String", mxGroup, "join", 2, -1, []string{"(String/join sep coll)", "(String/join sep s & more)"}, "Joins strings with sep between them: either one collection of strings or the strings as arguments. Elements must be strings (nil prints as \"null\").",
			func(t *Thread, a []Value) Value {
				sep := mxArgString("String/join", a[0])
				var items []Value
				if len(a) == 2 && !mxIsString(a[1]) {
					items = seqItemsNamed(t, "String/join", a[1])
				} else {
					items = a[1:]
				}
				var b strings.Builder
				for i, x := range items {
					if i > 0 {
						b.WriteString(sep)
					}
					switch s := x.(type) {
					case string:
						b.WriteString(s)
					case nil:
						b.WriteString("null")
					default:
						throw(Errorf(TypeError, "String/join expects strings, got %s", describeForError(x)).
							WithHint("use (clojure.string/join sep coll), which accepts any values"))
					}
					t.checkString(b.Len())
				}
				return b.String()
			}, ex(`(String/join "," ["a" "b" "c"])`, `"a,b,c"`)),

		fn("System", mxGroup, "currentTimeMillis", 0, 0, []string{"(System/currentTimeMillis)"}, "The current time in milliseconds since 1970-01-01T00:00:00Z.",
			func(t *Thread, a []Value) Value {
				return boxInt(t.nowMillis("System/currentTimeMillis"))
			}),

		mxCharPred("isDigit", unicode.IsDigit, "true when the one-character string is a decimal digit (any script).", ex(`(Character/isDigit "5")`, "true")),
		mxCharPred("isLetter", unicode.IsLetter, "true when the one-character string is a letter.", ex(`(Character/isLetter \a)`, "true")),
		mxCharPred("isLetterOrDigit", func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }, "true when the one-character string is a letter or a digit.", ex(`(Character/isLetterOrDigit "_")`, "false")),
		mxCharPred("isWhitespace", mxJavaSpace, "true for Java whitespace: spaces, tabs, line breaks and other separators except no-break spaces.", ex(`(Character/isWhitespace \space)`, "true")),
		mxCharPred("isUpperCase", unicode.IsUpper, "true when the one-character string is an upper-case letter.", ex(`(Character/isUpperCase \A)`, "true")),
		mxCharPred("isLowerCase", unicode.IsLower, "true when the one-character string is a lower-case letter.", ex(`(Character/isLowerCase \A)`, "false")),
		fn("Character", mxGroup, "toUpperCase", 1, 1, []string{"(Character/toUpperCase c)"}, "The upper-case form of a one-character string.",
			func(t *Thread, a []Value) Value {
				return string(unicode.ToUpper(mxChar("Character/toUpperCase", a[0])))
			}, ex(`(Character/toUpperCase \a)`, `"A"`)),
		fn("Character", mxGroup, "toLowerCase", 1, 1, []string{"(Character/toLowerCase c)"}, "The lower-case form of a one-character string.",
			func(t *Thread, a []Value) Value {
				return string(unicode.ToLower(mxChar("Character/toLowerCase", a[0])))
			}, ex(`(Character/toLowerCase \A)`, `"a"`)),
	}
	return b
}

func mxIsString(v Value) bool { _, ok := v.(string); return ok }

func mxCharPred(name string, p func(rune) bool, doc string, examples ...Example) *Builtin {
	full := "Character/" + name
	return fn("Character", mxGroup, name, 1, 1, []string{"(" + full + " c)"}, doc,
		func(t *Thread, a []Value) Value { return p(mxChar(full, a[0])) }, examples...)
}

// mxChar reads a character: a one-character string.
func mxChar(fname string, v Value) rune {
	if s, ok := v.(string); ok {
		r, size := utf8.DecodeRuneInString(s)
		if size > 0 && size == len(s) {
			return r
		}
	}
	throw(Errorf(TypeError, "%s expects a character (a one-character string), got %s", fname, describeForError(v)).
		WithHint("take one character with (first s) or (nth s i)"))
	return 0
}

// mxJavaSpace is Character.isWhitespace.
func mxJavaSpace(r rune) bool {
	switch {
	case r >= '\t' && r <= '\r', r >= 0x1c && r <= 0x1f:
		return true
	case r == 0xa0 || r == 0x2007 || r == 0x202f:
		return false
	}
	return unicode.In(r, unicode.Zs, unicode.Zl, unicode.Zp)
}

// mxJavaString is String.valueOf: str, except nil is "null" and host
// values print their Java text.
func mxJavaString(v Value) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case interface{ String() string }:
		return x.String()
	}
	return Str(v)
}

func mxIntToString(fname string, a []Value) Value {
	n := mxJavaLongStrict(fname, a[0])
	radix := int64(10)
	if len(a) > 1 {
		radix = mxJavaLongStrict(fname, a[1])
		if radix < 2 || radix > 36 {
			radix = 10 // Java falls back to 10
		}
	}
	return strconv.FormatInt(n, int(radix))
}

func mxParseBoolean(fname string, v Value) Value {
	switch s := v.(type) {
	case nil:
		return false
	case string:
		return strings.EqualFold(s, "true")
	}
	throw(Errorf(TypeError, "%s expects a string, got %s", fname, describeForError(v)))
	return nil
}

func mxNumberFormat(fname, msg string) *Error {
	return Errorf(ValueError, "%s: NumberFormatException: %s", fname, msg).
		WithHint("use parse-long / parse-double for nil on bad input instead of an error")
}

func mxParseJavaInt(fname string, a []Value, lo, hi int64) Value {
	radix := int64(10)
	if len(a) > 1 {
		r, ok := a[1].(int64)
		if !ok {
			throw(Errorf(TypeError, "%s expects an integer radix, got %s", fname, describeForError(a[1])))
		}
		if r < 2 || r > 36 {
			throw(Errorf(ValueError, "%s: radix %d out of range 2..36", fname, r))
		}
		radix = r
	}
	switch s := a[0].(type) {
	case nil:
		throw(mxNumberFormat(fname, "Cannot parse null string"))
	case string:
		v, ok := mxJavaDigits(s, radix, lo, hi)
		if !ok {
			throw(mxNumberFormat(fname, "For input string: "+PrStr(s)))
		}
		return boxInt(v)
	}
	throw(Errorf(TypeError, "%s expects a string, got %s", fname, describeForError(a[0])))
	return nil
}

// mxJavaDigits parses [+-]digits in radix within [lo, hi] as Java's
// Integer.parseInt does (any Unicode decimal digit counts).
func mxJavaDigits(s string, radix, lo, hi int64) (int64, bool) {
	if s == "" {
		return 0, false
	}
	neg := false
	body := s
	if s[0] == '+' || s[0] == '-' {
		neg = s[0] == '-'
		body = s[1:]
		if body == "" {
			return 0, false
		}
	}
	limit := uint64(hi)
	if neg {
		limit = uint64(-(lo + 1)) + 1
	}
	var acc uint64
	for _, r := range body {
		d := mxDigit(r, radix)
		if d < 0 {
			return 0, false
		}
		if acc > (limit-uint64(d))/uint64(radix) {
			return 0, false
		}
		acc = acc*uint64(radix) + uint64(d)
	}
	if neg {
		return int64(^acc + 1), true
	}
	return int64(acc), true
}

// mxDigit is Character.digit.
func mxDigit(r rune, radix int64) int64 {
	d := int64(-1)
	switch {
	case r >= '0' && r <= '9':
		d = int64(r - '0')
	case r >= 'a' && r <= 'z':
		d = int64(r-'a') + 10
	case r >= 'A' && r <= 'Z':
		d = int64(r-'A') + 10
	case r >= 0xff21 && r <= 0xff3a:
		d = int64(r-0xff21) + 10
	case r >= 0xff41 && r <= 0xff5a:
		d = int64(r-0xff41) + 10
	case unicode.IsDigit(r):
		// Decimal digits come in runs of ten starting at zero.
		k := int64(0)
		for unicode.IsDigit(r - rune(k) - 1) {
			k++
		}
		d = k % 10
	}
	if d >= radix {
		return -1
	}
	return d
}

// mxJavaTrim is String.trim: drops code units up to U+0020 at both ends.
func mxJavaTrim(s string) string {
	i, j := 0, len(s)
	for i < j && s[i] <= ' ' {
		i++
	}
	for j > i && s[j-1] <= ' ' {
		j--
	}
	return s[i:j]
}

func mxParseJavaDouble(fname string, v Value, bitSize int) Value {
	switch s := v.(type) {
	case nil:
		throw(Errorf(ValueError, "%s: NullPointerException: cannot parse nil", fname).
			WithHint("use parse-double for nil on bad input instead of an error"))
	case string:
		f, ok := mxJavaFloat(s, bitSize)
		if !ok {
			if mxJavaTrim(s) == "" {
				throw(mxNumberFormat(fname, "empty String"))
			}
			throw(mxNumberFormat(fname, "For input string: "+PrStr(s)))
		}
		return f
	}
	throw(Errorf(TypeError, "%s expects a string, got %s", fname, describeForError(v)))
	return nil
}

// mxJavaFloat parses Java's floating-point literal syntax.
func mxJavaFloat(s string, bitSize int) (float64, bool) {
	s = mxJavaTrim(s)
	if s == "" {
		return 0, false
	}
	sign := ""
	body := s
	if body[0] == '+' || body[0] == '-' {
		sign, body = body[:1], body[1:]
	}
	switch body {
	case "NaN":
		return math.NaN(), true
	case "Infinity":
		if sign == "-" {
			return math.Inf(-1), true
		}
		return math.Inf(1), true
	}
	if n := len(body); n > 0 && strings.IndexByte("fFdD", body[n-1]) >= 0 {
		body = body[:n-1]
	}
	if !mxFloatSyntax(body) {
		return 0, false
	}
	f, err := strconv.ParseFloat(sign+body, bitSize)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); !ok || ne.Err != strconv.ErrRange {
			return 0, false
		}
	}
	if bitSize == 32 {
		return mxShortest32(float32(f)), true
	}
	return f, true
}

// mxFloatSyntax checks digits[.digits][e[+-]digits] or the hex form
// 0xhex[.hex]p[+-]digits (sign and suffix already removed).
func mxFloatSyntax(b string) bool {
	i := 0
	isHex := len(b) > 2 && b[0] == '0' && (b[1] == 'x' || b[1] == 'X')
	digit := func(c byte) bool { return c >= '0' && c <= '9' }
	mant := digit
	if isHex {
		i = 2
		mant = func(c byte) bool { return digit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
	}
	nd := 0
	for i < len(b) && mant(b[i]) {
		i++
		nd++
	}
	if i < len(b) && b[i] == '.' {
		i++
		for i < len(b) && mant(b[i]) {
			i++
			nd++
		}
	}
	if nd == 0 {
		return false
	}
	expc := byte('e')
	if isHex {
		expc = 'p'
	}
	if i < len(b) && (b[i]|0x20) == expc {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		ne := 0
		for i < len(b) && digit(b[i]) {
			i++
			ne++
		}
		if ne == 0 {
			return false
		}
	} else if isHex {
		return false
	}
	return i == len(b)
}

// ---- String methods (UTF-16 indexes, as in Java) ----

// mxU16 is s as UTF-16 code units.
func mxU16(s string) []uint16 { return utf16.Encode([]rune(s)) }

// mxU16Len is the UTF-16 length of s.
func mxU16Len(s string) int {
	if isASCII(s) {
		return len(s)
	}
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// mxFromU16 turns code units back into a string; a cut through a
// surrogate pair cannot be represented and is a value_error.
func mxFromU16(m string, u []uint16) string {
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case c >= 0xd800 && c < 0xdc00:
			if i+1 < len(u) && u[i+1] >= 0xdc00 && u[i+1] < 0xe000 {
				i++
				continue
			}
			fallthrough
		case c >= 0xdc00 && c < 0xe000:
			throw(Errorf(ValueError, "%s: the range splits a character outside the Basic Multilingual Plane (half of a UTF-16 surrogate pair)", m).
				WithHint("Java indexes count UTF-16 units; emoji and similar characters take two. subs counts characters instead"))
		}
	}
	return string(utf16.Decode(u))
}

// mxNeedle is the code units a .indexOf-style argument searches for: a
// string, or an integer code point.
func mxNeedle(m string, v Value) ([]uint16, bool) {
	switch x := v.(type) {
	case string:
		return mxU16(x), true
	case int64:
		switch {
		case x < 0 || x > unicode.MaxRune:
			return nil, false
		case x < 0x10000:
			return []uint16{uint16(x)}, true
		}
		r1, r2 := utf16.EncodeRune(rune(x))
		return []uint16{uint16(r1), uint16(r2)}, true
	}
	throw(Errorf(TypeError, "%s expects a string or a character code, got %s", m, describeForError(v)))
	return nil, false
}

func mxU16At(h, n []uint16, i int) bool {
	for j := range n {
		if h[i+j] != n[j] {
			return false
		}
	}
	return true
}

func mxIndexOf(t *Thread, a []Value) Value {
	const m = ".indexOf"
	s := mxRecvString(m, a[0])
	needle, ok := mxNeedle(m, a[1])
	from := int64(0)
	if len(a) > 2 {
		from = mxJavaInt(m, a[2])
	}
	if !ok {
		return boxInt(-1)
	}
	h := mxU16(s)
	t.charge(len(h) / 8)
	n := int64(len(h))
	if from >= n {
		if len(needle) == 0 {
			return boxInt(n)
		}
		return boxInt(-1)
	}
	if from < 0 {
		from = 0
	}
	for i := int(from); i+len(needle) <= len(h); i++ {
		if mxU16At(h, needle, i) {
			return boxInt(int64(i))
		}
	}
	return boxInt(-1)
}

func mxLastIndexOf(t *Thread, a []Value) Value {
	const m = ".lastIndexOf"
	s := mxRecvString(m, a[0])
	needle, ok := mxNeedle(m, a[1])
	h := mxU16(s)
	t.charge(len(h) / 8)
	from := int64(len(h))
	if len(a) > 2 {
		from = mxJavaInt(m, a[2])
	}
	if !ok {
		return boxInt(-1)
	}
	if right := int64(len(h) - len(needle)); from > right {
		from = right
	}
	for i := from; i >= 0; i-- {
		if mxU16At(h, needle, int(i)) {
			return boxInt(i)
		}
	}
	return boxInt(-1)
}

func mxSubstring(t *Thread, a []Value) Value {
	const m = ".substring"
	s := mxRecvString(m, a[0])
	begin := mxJavaInt(m, a[1])
	if isASCII(s) {
		end := int64(len(s))
		if len(a) > 2 {
			end = mxJavaInt(m, a[2])
		}
		mxCheckRange(m, begin, end, int64(len(s)))
		return s[begin:end]
	}
	u := mxU16(s)
	end := int64(len(u))
	if len(a) > 2 {
		end = mxJavaInt(m, a[2])
	}
	mxCheckRange(m, begin, end, int64(len(u)))
	return mxFromU16(m, u[begin:end])
}

func mxCheckRange(m string, begin, end, n int64) {
	if begin < 0 || end > n || begin > end {
		throw(Errorf(IndexError, "%s: begin %d, end %d, length %d (StringIndexOutOfBoundsException)", m, begin, end, n).
			WithHint("indexes must satisfy 0 <= begin <= end <= (.length s)"))
	}
}

// mxSplit is String.split: the pattern is a regex; limit > 0 caps the
// number of pieces, 0 drops trailing empty strings, < 0 keeps them.
func mxSplit(t *Thread, a []Value) Value {
	const m = ".split"
	s := mxRecvString(m, a[0])
	re := mxRegexArg(m, a[1])
	limit := int64(0)
	if len(a) > 2 {
		limit = mxJavaLongStrict(m, a[2])
	}
	var parts []Value
	index := 0
	matched := false
	for _, loc := range re.FindAllStringIndex(s, -1) {
		if limit > 0 && int64(len(parts)) >= limit-1 {
			break
		}
		if loc[1] == 0 { // an empty match at the start gives no leading piece
			continue
		}
		matched = true
		parts = append(parts, s[index:loc[0]])
		index = loc[1]
	}
	if !matched {
		return NewVector([]Value{s})
	}
	parts = append(parts, s[index:])
	if limit == 0 {
		for len(parts) > 0 && parts[len(parts)-1] == "" {
			parts = parts[:len(parts)-1]
		}
	}
	t.checkCollection(len(parts))
	t.charge(len(parts))
	return NewVector(parts)
}

func mxRegexArg(m string, v Value) *regexp.Regexp {
	switch x := v.(type) {
	case *Regex:
		return x.re
	case string:
		r, err := compileRegex(x)
		if err != nil {
			throw(err)
		}
		return r.re
	}
	throw(Errorf(TypeError, "%s expects a regex string, got %s", m, describeForError(v)))
	return nil
}

func mxStringMethods() []*Builtin {
	const o = "String"
	s1 := func(name, doc string, f func(string) Value, examples ...Example) *Builtin {
		return mxMethod(o, name, 1, 1, []string{"(" + name + " s)"}, doc,
			func(t *Thread, a []Value) Value { return f(mxRecvString(name, a[0])) }, examples...)
	}
	s2 := func(name, doc string, f func(s, x string) Value, examples ...Example) *Builtin {
		return mxMethod(o, name, 2, 2, []string{"(" + name + " s x)"}, doc,
			func(t *Thread, a []Value) Value { return f(mxRecvString(name, a[0]), mxArgString(name, a[1])) }, examples...)
	}
	return []*Builtin{
		s1(".toLowerCase", "The string in lower case.", func(s string) Value { return strings.ToLower(s) }, ex(`(.toLowerCase "AbC")`, `"abc"`)),
		s1(".toUpperCase", "The string in upper case.", func(s string) Value {
			u := strings.ToUpper(s)
			if strings.Contains(u, "ß") {
				u = strings.ReplaceAll(u, "ß", "SS")
			}
			return u
		}, ex(`(.toUpperCase "abc")`, `"ABC"`)),
		s1(".trim", "Removes leading and trailing characters up to U+0020 (spaces, tabs, line breaks, control characters). clojure.string/trim removes Unicode whitespace instead.",
			func(s string) Value { return mxJavaTrim(s) }, ex(`(.trim "  Ada  ")`, `"Ada"`)),
		s1(".length", "Length in UTF-16 code units, as Java counts: characters outside the Basic Multilingual Plane (emoji) count twice. count counts characters.",
			func(s string) Value { return boxInt(int64(mxU16Len(s))) }, ex(`(.length "hello")`, "5"), ex(`(.length "😀a")`, "3")),
		s1(".isEmpty", "true for the empty string.", func(s string) Value { return s == "" }, ex(`(.isEmpty "")`, "true")),
		s2(".contains", "true when x occurs in s.", func(s, x string) Value { return strings.Contains(s, x) }, ex(`(.contains "hello" "ell")`, "true")),
		s2(".endsWith", "true when s ends with x.", func(s, x string) Value { return strings.HasSuffix(s, x) }, ex(`(.endsWith "hello" "lo")`, "true")),
		s2(".concat", "s followed by x.", func(s, x string) Value { return s + x }, ex(`(.concat "ab" "cd")`, `"abcd"`)),
		mxMethod(o, ".equalsIgnoreCase", 2, 2, []string{"(.equalsIgnoreCase s x)"}, "true when x is a string equal to s ignoring letter case; false for nil.",
			func(t *Thread, a []Value) Value {
				s := mxRecvString(".equalsIgnoreCase", a[0])
				if a[1] == nil {
					return false
				}
				return strings.EqualFold(s, mxArgString(".equalsIgnoreCase", a[1]))
			}, ex(`(.equalsIgnoreCase "aB" "Ab")`, "true")),
		mxMethod(o, ".equals", 2, 2, []string{"(.equals x y)"}, "Java equals, the same as (= x y) for a non-nil receiver.",
			func(t *Thread, a []Value) Value {
				if a[0] == nil {
					throw(mxRecvErr(".equals", "a value", nil))
				}
				return Equal(a[0], a[1])
			}, ex(`(.equals "a" "a")`, "true"), ex("(.equals 1 1.0)", "false")),
		mxMethod(o, ".toString", 1, 1, []string{"(.toString x)"}, "Java's text form of a non-nil value (as str; dates print their ISO text).",
			func(t *Thread, a []Value) Value {
				if a[0] == nil {
					throw(mxRecvErr(".toString", "a value", nil))
				}
				return mxJavaString(a[0])
			}, ex("(.toString 42)", `"42"`)),
		mxMethod(o, ".startsWith", 2, 3, []string{"(.startsWith s prefix)", "(.startsWith s prefix offset)"}, "true when s starts with prefix, optionally at a UTF-16 offset.",
			func(t *Thread, a []Value) Value {
				s := mxRecvString(".startsWith", a[0])
				p := mxArgString(".startsWith", a[1])
				if len(a) == 2 {
					return strings.HasPrefix(s, p)
				}
				off := mxJavaInt(".startsWith", a[2])
				h, n := mxU16(s), mxU16(p)
				if off < 0 || off > int64(len(h)-len(n)) {
					return false
				}
				return mxU16At(h, n, int(off))
			}, ex(`(.startsWith "abcdef" "abc")`, "true"), ex(`(.startsWith "abc" "b" 1)`, "true")),
		mxMethod(o, ".indexOf", 2, 3, []string{"(.indexOf s x)", "(.indexOf s x from)"}, "UTF-16 index of the first occurrence of x (a string or a character code) at or after from, or -1.",
			mxIndexOf, ex(`(.indexOf "abcdef" "cd")`, "2"), ex(`(.indexOf "hello" "x")`, "-1"), ex(`(.indexOf "hello" "l" 3)`, "3")),
		mxMethod(o, ".lastIndexOf", 2, 3, []string{"(.lastIndexOf s x)", "(.lastIndexOf s x from)"}, "UTF-16 index of the last occurrence of x (a string or a character code) at or before from, or -1.",
			mxLastIndexOf, ex(`(.lastIndexOf "ababa" "ba")`, "3"), ex(`(.lastIndexOf "aaa" "aa")`, "1")),
		mxMethod(o, ".substring", 2, 3, []string{"(.substring s begin)", "(.substring s begin end)"}, "The part of s from begin (inclusive) to end (exclusive), by UTF-16 index. Out-of-range indexes are an index_error; use subs to count characters.",
			mxSubstring, ex(`(.substring "hello" 1 3)`, `"el"`), ex(`(.substring "abc" 4)`, "error: index_error")),
		mxMethod(o, ".charAt", 2, 2, []string{"(.charAt s i)"}, "The character at UTF-16 index i, as a one-character string; an index_error when out of range.",
			func(t *Thread, a []Value) Value {
				const m = ".charAt"
				s := mxRecvString(m, a[0])
				i := mxJavaInt(m, a[1])
				if isASCII(s) {
					if i < 0 || i >= int64(len(s)) {
						throw(Errorf(IndexError, "%s: index %d, length %d (StringIndexOutOfBoundsException)", m, i, len(s)))
					}
					return s[i : i+1]
				}
				u := mxU16(s)
				if i < 0 || i >= int64(len(u)) {
					throw(Errorf(IndexError, "%s: index %d, length %d (StringIndexOutOfBoundsException)", m, i, len(u)))
				}
				return mxFromU16(m, u[i:i+1])
			}, ex(`(.charAt "abc" 1)`, `"b"`), ex(`(.charAt "abc" 5)`, "error: index_error")),
		mxMethod(o, ".replace", 3, 3, []string{"(.replace s target replacement)"}, "Replaces every occurrence of the literal string target (not a regex) with replacement.",
			func(t *Thread, a []Value) Value {
				const m = ".replace"
				s := mxRecvString(m, a[0])
				old, nw := mxArgString(m, a[1]), mxArgString(m, a[2])
				n := strings.Count(s, old)
				if n > 0 && len(nw) > len(old) {
					t.checkString(len(s) + n*(len(nw)-len(old)))
				}
				t.charge(len(s) / 64)
				return strings.ReplaceAll(s, old, nw)
			}, ex(`(.replace "a.b.c" "." "-")`, `"a-b-c"`)),
		mxMethod(o, ".matches", 2, 2, []string{"(.matches s regex)"}, "true when the whole string matches the regex (given as a string).",
			func(t *Thread, a []Value) Value {
				const m = ".matches"
				s := mxRecvString(m, a[0])
				re := mxRegexArg(m, a[1])
				loc := re.FindStringIndex(s)
				if loc != nil && loc[0] == 0 && loc[1] == len(s) {
					return true
				}
				full, err := regexp.Compile(`^(?:` + re.String() + `)$`)
				if err != nil {
					return false
				}
				return full.MatchString(s)
			}, ex(`(.matches "abc" "a.c")`, "true"), ex(`(.matches "abc" "b")`, "false")),
		mxMethod(o, ".split", 2, 3, []string{"(.split s regex)", "(.split s regex limit)"}, "Splits s around matches of the regex (a string), as Java does: trailing empty strings are dropped unless limit is negative; a positive limit caps the number of pieces. Returns a vector.",
			mxSplit, ex(`(.split "a,b,,c,," ",")`, `["a" "b" "" "c"]`), ex(`(.split "a1b2c3" "\\d")`, `["a" "b" "c"]`)),
	}
}

// ---- java.time and java.util.Date ----

func mxDateErr(fname string, v Value, hint string) *Error {
	return Errorf(ValueError, "%s: cannot parse %s (DateTimeParseException)", fname, PrStr(v)).WithHint(hint)
}

func mxNilArg(fname string) *Error {
	return Errorf(ValueError, "%s: argument is nil (Java NullPointerException)", fname).
		WithHint("check where the value comes from, or guard with (when x ...)")
}

func mxMulExact(fname string, a, b int64) int64 {
	hi, lo := bits.Mul64(absU(a), absU(b))
	neg := (a < 0) != (b < 0)
	if hi != 0 || lo > math.MaxInt64+boolU(neg) {
		throw(Errorf(ArithmeticError, "%s: long overflow", fname))
	}
	if neg {
		return int64(-lo)
	}
	return int64(lo)
}

func mxAddExact(fname string, a, b int64) int64 {
	c := a + b
	if (c > a) != (b > 0) {
		throw(Errorf(ArithmeticError, "%s: long overflow", fname))
	}
	return c
}

func mxRecvLocalDate(m string, v Value) LocalDate {
	d, ok := v.(LocalDate)
	if !ok {
		e := mxRecvErr(m, "a LocalDate", v)
		if v != nil {
			e.Hint = `make one with (LocalDate/parse "2024-01-15")`
		}
		throw(e)
	}
	return d
}

func mxRecvInstant(m string, v Value) Instant {
	d, ok := v.(Instant)
	if !ok {
		e := mxRecvErr(m, "an Instant", v)
		if v != nil {
			e.Hint = `make one with (Instant/parse "2024-01-15T10:00:00Z")`
		}
		throw(e)
	}
	return d
}

func mxRecvDuration(m string, v Value) JavaDuration {
	d, ok := v.(JavaDuration)
	if !ok {
		e := mxRecvErr(m, "a Duration", v)
		if v != nil {
			e.Hint = "make one with (Duration/between instant1 instant2)"
		}
		throw(e)
	}
	return d
}

func mxRecvDate(m string, v Value) JavaDate {
	d, ok := v.(JavaDate)
	if !ok {
		e := mxRecvErr(m, "a java.util.Date", v)
		if _, isLD := v.(LocalDate); isLD {
			e.Hint = "for LocalDate and Instant use .isBefore / .isAfter"
		} else if _, isI := v.(Instant); isI {
			e.Hint = "for LocalDate and Instant use .isBefore / .isAfter"
		}
		throw(e)
	}
	return d
}

func mxLocalDateOf(fname string, day int64) LocalDate {
	if day < mxMinEpochDay || day > mxMaxEpochDay {
		throw(Errorf(ValueError, "%s: date out of range (years -999999999 to 999999999)", fname))
	}
	return LocalDate{day}
}

func mxPlusDays(m string, d LocalDate, n int64) LocalDate {
	return mxLocalDateOf(m, mxAddExact(m, d.day, n))
}

func mxInstantOf(fname string, sec int64, nano int64) Instant {
	const minSec, maxSec = -31557014167219200, 31556889864403199
	if sec < minSec || sec > maxSec {
		throw(Errorf(ValueError, "%s: instant out of range", fname))
	}
	return Instant{sec: sec, nano: int32(nano)}
}

// mxTemporalBefore compares a LocalDate or Instant receiver with a value of
// the same class.
func mxTemporalCmp(m string, a, b Value) int {
	switch x := a.(type) {
	case LocalDate:
		if y, ok := b.(LocalDate); ok {
			return cmpInt(x.day, y.day)
		}
	case Instant:
		if y, ok := b.(Instant); ok {
			return mxCmpSecNano(x.sec, x.nano, y.sec, y.nano)
		}
	case JavaDate:
		throw(Errorf(TypeError, "%s is not a java.util.Date method", m).WithHint("for java.util.Date use .before / .after"))
	default:
		throw(mxRecvErr(m, "a LocalDate or an Instant", a))
	}
	if b == nil {
		throw(mxNilArg(m))
	}
	throw(Errorf(TypeError, "%s compares two values of the same class, got %s and %s", m, describeForError(a), describeForError(b)))
	return 0
}

func mxDurationOf(fname string, unit int64) func(t *Thread, a []Value) Value {
	return func(t *Thread, a []Value) Value {
		n := mxJavaLongStrict(fname, a[0])
		return JavaDuration{sec: mxMulExact(fname, n, unit)}
	}
}

func mxTimeLib() []*Builtin {
	ldHint := `LocalDate/parse expects ISO text "YYYY-MM-DD", e.g. "2024-01-15"`
	inHint := `Instant/parse expects ISO text with seconds and a zone, e.g. "2024-01-15T10:30:00Z" or "2024-01-15T10:30:00+02:00"`
	return []*Builtin{
		fn("LocalDate", mxGroup, "parse", 1, 1, []string{"(LocalDate/parse s)"}, `Parses an ISO date "YYYY-MM-DD" into a LocalDate. Date-times and invalid dates are a value_error.`,
			func(t *Thread, a []Value) Value {
				s, ok := a[0].(string)
				if !ok {
					if a[0] == nil {
						throw(mxNilArg("LocalDate/parse"))
					}
					throw(Errorf(TypeError, "LocalDate/parse expects a string, got %s", describeForError(a[0])))
				}
				d, ok := mxParseLocalDate(s)
				if !ok {
					e := mxDateErr("LocalDate/parse", s, ldHint)
					if len(s) > 10 && (s[10] == 'T' || s[10] == ' ') {
						e.Hint = "LocalDate/parse takes a date only; take the first 10 characters with (subs s 0 10), or use Instant/parse for a date-time"
					}
					throw(e)
				}
				return d
			}, ex(`(LocalDate/parse "2024-01-15")`, `#object[java.time.LocalDate "2024-01-15"]`), ex(`(LocalDate/parse "2024-02-30")`, "error: value_error")),
		fn("LocalDate", mxGroup, "of", 3, 3, []string{"(LocalDate/of year month day)"}, "The LocalDate with the given year, month (1-12) and day of month; an invalid date is a value_error.",
			func(t *Thread, a []Value) Value {
				const f = "LocalDate/of"
				y, m, d := mxJavaLongStrict(f, a[0]), mxJavaLongStrict(f, a[1]), mxJavaLongStrict(f, a[2])
				if !mxDateValid(y, m, d) {
					throw(Errorf(ValueError, "%s: invalid date %d-%d-%d (DateTimeException)", f, y, m, d))
				}
				return LocalDate{mxDaysFromCivil(y, m, d)}
			}, ex("(LocalDate/of 2024 1 15)", `#object[java.time.LocalDate "2024-01-15"]`)),
		fn("LocalDate", mxGroup, "ofEpochDay", 1, 1, []string{"(LocalDate/ofEpochDay n)"}, "The LocalDate n days after 1970-01-01.",
			func(t *Thread, a []Value) Value {
				return mxLocalDateOf("LocalDate/ofEpochDay", mxJavaLongStrict("LocalDate/ofEpochDay", a[0]))
			}, ex("(LocalDate/ofEpochDay 19737)", `#object[java.time.LocalDate "2024-01-15"]`)),
		fn("Instant", mxGroup, "parse", 1, 1, []string{"(Instant/parse s)"}, `Parses an ISO instant such as "2024-01-15T10:30:00Z" (seconds and a Z or ±HH:MM offset are required; up to nine fraction digits) into an Instant.`,
			func(t *Thread, a []Value) Value {
				s, ok := a[0].(string)
				if !ok {
					if a[0] == nil {
						throw(mxNilArg("Instant/parse"))
					}
					throw(Errorf(TypeError, "Instant/parse expects a string, got %s", describeForError(a[0])))
				}
				i, ok := mxParseInstant(s)
				if !ok {
					throw(mxDateErr("Instant/parse", s, inHint))
				}
				return i
			}, ex(`(Instant/parse "2024-01-02T03:04:05Z")`, `#object[java.time.Instant "2024-01-02T03:04:05Z"]`),
			ex(`(.toEpochMilli (Instant/parse "1970-01-01T00:00:01+00:00"))`, "1000"), ex(`(Instant/parse "2024-01-02")`, "error: value_error")),
		fn("Instant", mxGroup, "ofEpochMilli", 1, 1, []string{"(Instant/ofEpochMilli ms)"}, "The Instant ms milliseconds after 1970-01-01T00:00:00Z.",
			func(t *Thread, a []Value) Value {
				ms := mxJavaLongStrict("Instant/ofEpochMilli", a[0])
				return Instant{sec: mxFloorDiv(ms, 1000), nano: int32(mxFloorMod(ms, 1000) * 1_000_000)}
			}, ex("(Instant/ofEpochMilli 1500)", `#object[java.time.Instant "1970-01-01T00:00:01.500Z"]`)),
		fn("Instant", mxGroup, "ofEpochSecond", 1, 1, []string{"(Instant/ofEpochSecond s)"}, "The Instant s seconds after 1970-01-01T00:00:00Z.",
			func(t *Thread, a []Value) Value {
				return mxInstantOf("Instant/ofEpochSecond", mxJavaLongStrict("Instant/ofEpochSecond", a[0]), 0)
			}, ex("(Instant/ofEpochSecond 86400)", `#object[java.time.Instant "1970-01-02T00:00:00Z"]`)),
		fn("Duration", mxGroup, "between", 2, 2, []string{"(Duration/between start end)"}, "The Duration from one Instant to another (negative when end is earlier). Only Instants are accepted; for dates compare .toEpochDay values.",
			func(t *Thread, a []Value) Value {
				const f = "Duration/between"
				var in [2]Instant
				for i, v := range a {
					x, ok := v.(Instant)
					if !ok {
						if v == nil {
							throw(mxNilArg(f))
						}
						e := Errorf(TypeError, "%s expects two Instants, got %s", f, describeForError(v))
						if _, ld := v.(LocalDate); ld {
							e.Hint = "for days between dates use (- (.toEpochDay d2) (.toEpochDay d1))"
						}
						throw(e)
					}
					in[i] = x
				}
				sec := in[1].sec - in[0].sec
				nano := int64(in[1].nano) - int64(in[0].nano)
				if nano < 0 {
					nano += mxNanos
					sec--
				}
				return JavaDuration{sec: sec, nano: int32(nano)}
			}, ex(`(.toMillis (Duration/between (Instant/parse "2024-01-01T00:00:00Z") (Instant/parse "2024-01-01T00:00:01.5Z")))`, "1500")),
		fn("Duration", mxGroup, "ofMillis", 1, 1, []string{"(Duration/ofMillis ms)"}, "A Duration of ms milliseconds.",
			func(t *Thread, a []Value) Value {
				ms := mxJavaLongStrict("Duration/ofMillis", a[0])
				return JavaDuration{sec: mxFloorDiv(ms, 1000), nano: int32(mxFloorMod(ms, 1000) * 1_000_000)}
			}, ex("(Duration/ofMillis 90061001)", `#object[java.time.Duration "PT25H1M1.001S"]`)),
		fn("Duration", mxGroup, "ofSeconds", 1, 1, []string{"(Duration/ofSeconds n)"}, "A Duration of n seconds.", mxDurationOf("Duration/ofSeconds", 1), ex("(Duration/ofSeconds 90)", `#object[java.time.Duration "PT1M30S"]`)),
		fn("Duration", mxGroup, "ofMinutes", 1, 1, []string{"(Duration/ofMinutes n)"}, "A Duration of n minutes.", mxDurationOf("Duration/ofMinutes", 60), ex("(.toMillis (Duration/ofMinutes 2))", "120000")),
		fn("Duration", mxGroup, "ofHours", 1, 1, []string{"(Duration/ofHours n)"}, "A Duration of n hours.", mxDurationOf("Duration/ofHours", 3600), ex("(Duration/ofHours 2)", `#object[java.time.Duration "PT2H"]`)),
		fn("Duration", mxGroup, "ofDays", 1, 1, []string{"(Duration/ofDays n)"}, "A Duration of n days of 24 hours.", mxDurationOf("Duration/ofDays", 86400), ex("(.toDays (Duration/ofDays 3))", "3")),

		mxMethod("LocalDate", ".plusDays", 2, 2, []string{"(.plusDays date n)"}, "The LocalDate n days later (n may be negative; a float is truncated).",
			func(t *Thread, a []Value) Value {
				d := mxRecvLocalDate(".plusDays", a[0])
				return mxPlusDays(".plusDays", d, mxJavaLong(".plusDays", a[1]))
			}, ex(`(.plusDays (LocalDate/parse "2024-02-28") 2)`, `#object[java.time.LocalDate "2024-03-01"]`)),
		mxMethod("LocalDate", ".minusDays", 2, 2, []string{"(.minusDays date n)"}, "The LocalDate n days earlier.",
			func(t *Thread, a []Value) Value {
				d := mxRecvLocalDate(".minusDays", a[0])
				n := mxJavaLong(".minusDays", a[1])
				if n == math.MinInt64 {
					return mxPlusDays(".minusDays", mxPlusDays(".minusDays", d, math.MaxInt64), 1)
				}
				return mxPlusDays(".minusDays", d, -n)
			}, ex(`(.toEpochDay (.minusDays (LocalDate/parse "2024-01-02") 2))`, "19722")),
		mxDateStep(".plusWeeks", "The LocalDate n weeks later.", 7, false, ex(`(.plusWeeks (LocalDate/parse "2024-01-15") 2)`, `#object[java.time.LocalDate "2024-01-29"]`)),
		mxDateStep(".minusWeeks", "The LocalDate n weeks earlier.", 7, true, ex(`(.minusWeeks (LocalDate/parse "2024-01-15") 1)`, `#object[java.time.LocalDate "2024-01-08"]`)),
		mxDateStep(".plusMonths", "The LocalDate n months later; the day is clamped to the last day of a shorter month.", -1, false,
			ex(`(.plusMonths (LocalDate/parse "2024-01-31") 1)`, `#object[java.time.LocalDate "2024-02-29"]`)),
		mxDateStep(".minusMonths", "The LocalDate n months earlier; the day is clamped to the last day of a shorter month.", -1, true,
			ex(`(.minusMonths (LocalDate/parse "2024-03-31") 1)`, `#object[java.time.LocalDate "2024-02-29"]`)),
		mxDateStep(".plusYears", "The LocalDate n years later (February 29 becomes February 28 in a common year).", -12, false,
			ex(`(.plusYears (LocalDate/parse "2024-02-29") 1)`, `#object[java.time.LocalDate "2025-02-28"]`)),
		mxDateStep(".minusYears", "The LocalDate n years earlier.", -12, true, ex(`(.minusYears (LocalDate/parse "2024-01-15") 4)`, `#object[java.time.LocalDate "2020-01-15"]`)),
		mxMethod("LocalDate", ".getDayOfYear", 1, 1, []string{"(.getDayOfYear date)"}, "The day of the year of a LocalDate, 1 to 366.",
			func(t *Thread, a []Value) Value {
				d := mxRecvLocalDate(".getDayOfYear", a[0])
				y, _, _ := mxCivilFromDays(d.day)
				return boxInt(d.day - mxDaysFromCivil(y, 1, 1) + 1)
			}, ex(`(.getDayOfYear (LocalDate/parse "2024-02-01"))`, "32")),
		mxMethod("LocalDate", ".lengthOfMonth", 1, 1, []string{"(.lengthOfMonth date)"}, "The number of days in the month of a LocalDate.",
			func(t *Thread, a []Value) Value {
				y, m, _ := mxCivilFromDays(mxRecvLocalDate(".lengthOfMonth", a[0]).day)
				return boxInt(mxMonthLen(y, m))
			}, ex(`(.lengthOfMonth (LocalDate/parse "2024-02-10"))`, "29")),
		mxMethod("LocalDate", ".toEpochDay", 1, 1, []string{"(.toEpochDay date)"}, "Days since 1970-01-01 (negative before). Subtract two of them for the days between dates.",
			func(t *Thread, a []Value) Value { return boxInt(mxRecvLocalDate(".toEpochDay", a[0]).day) },
			ex(`(.toEpochDay (LocalDate/parse "2024-01-02"))`, "19724")),
		mxMethod("LocalDate", ".getYear", 1, 1, []string{"(.getYear date)"}, "The year of a LocalDate.",
			func(t *Thread, a []Value) Value {
				y, _, _ := mxCivilFromDays(mxRecvLocalDate(".getYear", a[0]).day)
				return boxInt(y)
			}, ex(`(.getYear (LocalDate/parse "2024-01-15"))`, "2024")),
		mxMethod("LocalDate", ".getMonthValue", 1, 1, []string{"(.getMonthValue date)"}, "The month of a LocalDate, 1 to 12.",
			func(t *Thread, a []Value) Value {
				_, m, _ := mxCivilFromDays(mxRecvLocalDate(".getMonthValue", a[0]).day)
				return boxInt(m)
			}, ex(`(.getMonthValue (LocalDate/parse "2024-01-15"))`, "1")),
		mxMethod("LocalDate", ".getDayOfMonth", 1, 1, []string{"(.getDayOfMonth date)"}, "The day of the month of a LocalDate, 1 to 31.",
			func(t *Thread, a []Value) Value {
				_, _, d := mxCivilFromDays(mxRecvLocalDate(".getDayOfMonth", a[0]).day)
				return boxInt(d)
			}, ex(`(.getDayOfMonth (LocalDate/parse "2024-01-15"))`, "15")),
		mxMethod("LocalDate", ".getDayOfWeek", 1, 1, []string{"(.getDayOfWeek date)"}, `The weekday of a LocalDate as an upper-case English name such as "MONDAY" (Java returns a DayOfWeek whose str is that name).`,
			func(t *Thread, a []Value) Value {
				return mxDayNames[mxFloorMod(mxRecvLocalDate(".getDayOfWeek", a[0]).day+3, 7)]
			}, ex(`(.getDayOfWeek (LocalDate/parse "2024-01-15"))`, `"MONDAY"`)),
		mxMethod("LocalDate", ".isBefore", 2, 2, []string{"(.isBefore a b)"}, "true when LocalDate or Instant a is strictly earlier than b (both of the same class).",
			func(t *Thread, a []Value) Value { return mxTemporalCmp(".isBefore", a[0], a[1]) < 0 },
			ex(`(.isBefore (LocalDate/parse "2024-01-02") (LocalDate/parse "2024-01-03"))`, "true")),
		mxMethod("LocalDate", ".isAfter", 2, 2, []string{"(.isAfter a b)"}, "true when LocalDate or Instant a is strictly later than b (both of the same class).",
			func(t *Thread, a []Value) Value { return mxTemporalCmp(".isAfter", a[0], a[1]) > 0 },
			ex(`(.isAfter (Instant/parse "2024-01-02T00:00:00Z") (Instant/parse "2024-01-01T00:00:00Z"))`, "true")),

		mxMethod("Instant", ".toEpochMilli", 1, 1, []string{"(.toEpochMilli instant)"}, "Milliseconds since 1970-01-01T00:00:00Z (rounded down).",
			func(t *Thread, a []Value) Value {
				const m = ".toEpochMilli"
				i := mxRecvInstant(m, a[0])
				if i.sec < 0 && i.nano > 0 {
					return boxInt(mxAddExact(m, mxMulExact(m, i.sec+1, 1000), int64(i.nano)/1_000_000-1000))
				}
				return boxInt(mxAddExact(m, mxMulExact(m, i.sec, 1000), int64(i.nano)/1_000_000))
			}, ex(`(.toEpochMilli (Instant/parse "1970-01-01T00:00:01Z"))`, "1000")),
		mxMethod("Instant", ".getEpochSecond", 1, 1, []string{"(.getEpochSecond instant)"}, "Whole seconds since 1970-01-01T00:00:00Z (rounded down).",
			func(t *Thread, a []Value) Value { return boxInt(mxRecvInstant(".getEpochSecond", a[0]).sec) },
			ex(`(.getEpochSecond (Instant/parse "1970-01-01T00:01:00Z"))`, "60")),

		mxMethod("Duration", ".toMillis", 1, 1, []string{"(.toMillis duration)"}, "Length of a Duration in milliseconds (partial milliseconds dropped toward zero).",
			func(t *Thread, a []Value) Value {
				const m = ".toMillis"
				d := mxRecvDuration(m, a[0])
				s, n := d.sec, int64(d.nano)
				if s < 0 {
					s++
					n -= mxNanos
				}
				return boxInt(mxAddExact(m, mxMulExact(m, s, 1000), n/1_000_000))
			}, ex("(.toMillis (Duration/ofSeconds 2))", "2000")),
		mxMethod("Duration", ".toDays", 1, 1, []string{"(.toDays duration)"}, "Whole days in a Duration (partial days dropped).",
			func(t *Thread, a []Value) Value { return boxInt(mxRecvDuration(".toDays", a[0]).sec / 86400) },
			ex(`(.toDays (Duration/between (Instant/parse "1970-01-01T00:00:00Z") (Instant/parse "1970-01-03T12:00:00Z")))`, "2")),
		mxMethod("Duration", ".toHours", 1, 1, []string{"(.toHours duration)"}, "Whole hours in a Duration.",
			func(t *Thread, a []Value) Value { return boxInt(mxRecvDuration(".toHours", a[0]).sec / 3600) },
			ex("(.toHours (Duration/ofMinutes 150))", "2")),
		mxMethod("Duration", ".toMinutes", 1, 1, []string{"(.toMinutes duration)"}, "Whole minutes in a Duration.",
			func(t *Thread, a []Value) Value { return boxInt(mxRecvDuration(".toMinutes", a[0]).sec / 60) },
			ex("(.toMinutes (Duration/ofSeconds 150))", "2")),
		mxMethod("Duration", ".getSeconds", 1, 1, []string{"(.getSeconds duration)"}, "The seconds part of a Duration (whole seconds, rounded down).",
			func(t *Thread, a []Value) Value { return boxInt(mxRecvDuration(".getSeconds", a[0]).sec) },
			ex("(.getSeconds (Duration/ofMillis 2500))", "2")),

		mxMethod("java.util.Date", ".getTime", 1, 1, []string{"(.getTime date)"}, "Milliseconds since 1970-01-01T00:00:00Z of a java.util.Date.",
			func(t *Thread, a []Value) Value { return boxInt(mxRecvDate(".getTime", a[0]).ms) },
			ex("(.getTime (java.util.Date. 1000))", "1000")),
		mxMethod("java.util.Date", ".before", 2, 2, []string{"(.before date other)"}, "true when one java.util.Date is strictly earlier than another.",
			func(t *Thread, a []Value) Value { return mxDateCmp(".before", a) < 0 },
			ex("(.before (java.util.Date. 0) (java.util.Date. 1))", "true")),
		mxMethod("java.util.Date", ".after", 2, 2, []string{"(.after date other)"}, "true when one java.util.Date is strictly later than another.",
			func(t *Thread, a []Value) Value { return mxDateCmp(".after", a) > 0 },
			ex("(.after (java.util.Date. 1) (java.util.Date. 0))", "true")),
		mxDateCtor(),
	}
}

func mxDateCmp(m string, a []Value) int {
	x := mxRecvDate(m, a[0])
	if a[1] == nil {
		throw(mxNilArg(m))
	}
	y, ok := a[1].(JavaDate)
	if !ok {
		throw(Errorf(TypeError, "%s expects a java.util.Date argument, got %s", m, describeForError(a[1])))
	}
	return cmpInt(x.ms, y.ms)
}

func mxDateCtor() *Builtin {
	const name = "java.util.Date."
	b := fn("java.util.Date", mxGroup, name, 0, 1, []string{"(java.util.Date.)", "(java.util.Date. ms)", "(java.util.Date. text)"},
		`A java.util.Date: the current time, ms milliseconds after the epoch, or parsed from legacy text such as "Wed, 8 Jan 2026 14:30 UTC" (the year needs four digits; no zone means UTC).`,
		func(t *Thread, a []Value) Value {
			if len(a) == 0 {
				return JavaDate{t.nowMillis("(java.util.Date.)")}
			}
			switch x := a[0].(type) {
			case int64:
				return JavaDate{x}
			case string:
				ms, ok := mxParseLegacyDate(x)
				if !ok {
					throw(Errorf(ValueError, "%s: cannot parse %s as a date (IllegalArgumentException)", name, PrStr(x)).
						WithHint(`use text like "Jan 8 2026 14:30 UTC", or (Instant/parse "2026-01-08T14:30:00Z") for ISO text`))
				}
				return JavaDate{ms}
			case nil:
				throw(Errorf(ValueError, "%s: argument is nil (IllegalArgumentException)", name))
			}
			throw(Errorf(TypeError, "%s takes no argument, integer milliseconds or a string, got %s", name, describeForError(a[0])))
			return nil
		}, ex("(java.util.Date. 0)", `#inst "1970-01-01T00:00:00.000-00:00"`),
		ex(`(.getTime (java.util.Date. "Thu Jan 01 00:00:01 UTC 1970"))`, "1000"))
	b.Name = name
	b.Doc.Kind = "constructor"
	return b
}

// mxDateStep makes .plusWeeks (unit 7: days per step), .plusMonths (unit
// -1: months) and .plusYears (unit -12) and their minus forms.
func mxDateStep(name, doc string, unit int64, minus bool, examples ...Example) *Builtin {
	var plus func(d LocalDate, n int64) LocalDate
	plus = func(d LocalDate, n int64) LocalDate {
		if unit > 0 {
			return mxPlusDays(name, d, mxMulExact(name, n, unit))
		}
		y, m, day := mxCivilFromDays(d.day)
		var ny, nm int64
		if unit == -1 {
			months := mxAddExact(name, y*12+m-1, n)
			ny, nm = mxFloorDiv(months, 12), mxFloorMod(months, 12)+1
		} else {
			ny, nm = mxAddExact(name, y, n), m
		}
		if ny < -999_999_999 || ny > 999_999_999 {
			throw(Errorf(ValueError, "%s: date out of range (years -999999999 to 999999999)", name))
		}
		if l := mxMonthLen(ny, nm); day > l {
			day = l
		}
		return LocalDate{mxDaysFromCivil(ny, nm, day)}
	}
	return mxMethod("LocalDate", name, 2, 2, []string{"(" + name + " date n)"}, doc,
		func(t *Thread, a []Value) Value {
			d := mxRecvLocalDate(name, a[0])
			n := mxJavaLong(name, a[1])
			if !minus {
				return plus(d, n)
			}
			if n == math.MinInt64 {
				return plus(plus(d, math.MaxInt64), 1)
			}
			return plus(d, -n)
		}, examples...)
}
