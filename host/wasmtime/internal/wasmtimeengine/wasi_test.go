package wasmtimeengine

import (
	"bytes"
	"encoding/binary"
	"testing"
	"time"
)

func TestFdWrite(t *testing.T) {
	var stderr bytes.Buffer
	s := newSysState(&stderr, false)
	mem := make([]byte, 256)
	copy(mem[100:], "fatal error: ")
	copy(mem[120:], "out of memory")
	binary.LittleEndian.PutUint32(mem[0:], 100)
	binary.LittleEndian.PutUint32(mem[4:], 13)
	binary.LittleEndian.PutUint32(mem[8:], 120)
	binary.LittleEndian.PutUint32(mem[12:], 13)
	if e := s.fdWrite(mem, 2, 0, 2, 40); e != errnoSuccess || stderr.String() != "fatal error: out of memory" {
		t.Fatalf("stderr: errno %d, wrote %q", e, stderr.String())
	}
	if n := binary.LittleEndian.Uint32(mem[40:]); n != 26 {
		t.Fatalf("nwritten %d", n)
	}
	if e := s.fdWrite(mem, 1, 0, 2, 40); e != errnoSuccess || stderr.Len() != 26 {
		t.Fatalf("stdout is discarded: errno %d", e)
	}
	if e := s.fdWrite(mem, 3, 0, 2, 40); e != errnoBadf {
		t.Fatalf("fd 3: errno %d", e)
	}
	if e := s.fdWrite(mem, 2, 250, 2, 40); e != errnoFault {
		t.Fatalf("iovecs past the end: errno %d", e)
	}
	if e := s.fdWrite(mem, 2, 0, 1<<30, 40); e != errnoFault {
		t.Fatalf("huge iovec count: errno %d", e)
	}
}

func TestClocks(t *testing.T) {
	mem := make([]byte, 16)
	s := newSysState(nil, false)
	read := func(id uint32) int64 {
		if e := s.clockTimeGet(mem, id, 8); e != errnoSuccess {
			t.Fatalf("clock %d: errno %d", id, e)
		}
		return int64(binary.LittleEndian.Uint64(mem[8:]))
	}
	if a, b := read(0), read(0); a != fakeEpoch || b != fakeEpoch+int64(time.Millisecond) {
		t.Fatalf("fake wall clock: %d then %d", a, b)
	}
	if a, b := read(1), read(1); a != 0 || b != int64(time.Millisecond) {
		t.Fatalf("fake monotonic clock: %d then %d", a, b)
	}
	if e := s.clockTimeGet(mem, 2, 8); e != errnoInval {
		t.Fatalf("cputime clock: errno %d", e)
	}
	if e := s.clockTimeGet(mem, 0, 12); e != errnoFault {
		t.Fatalf("result past the end: errno %d", e)
	}
	s = newSysState(nil, true)
	if now := read(0); time.Since(time.Unix(0, now)) > time.Minute {
		t.Fatalf("granted wall clock reads %v", time.Unix(0, now))
	}
}

func TestPollOneoff(t *testing.T) {
	s := newSysState(nil, false)
	mem := make([]byte, 512)
	// a clock subscription and a write to stdout
	binary.LittleEndian.PutUint64(mem[0:], 7)
	mem[8] = 0
	binary.LittleEndian.PutUint64(mem[48:], 9)
	mem[56] = 2
	binary.LittleEndian.PutUint32(mem[64:], 1)
	if e := s.pollOneoff(mem, 0, 200, 2, 300); e != errnoSuccess {
		t.Fatalf("errno %d", e)
	}
	if n := binary.LittleEndian.Uint32(mem[300:]); n != 2 {
		t.Fatalf("%d events", n)
	}
	ev0, ev1 := mem[200:232], mem[232:264]
	if binary.LittleEndian.Uint64(ev0) != 7 || binary.LittleEndian.Uint16(ev0[8:]) != errnoSuccess || ev0[10] != 0 {
		t.Errorf("clock event % x", ev0[:12])
	}
	if binary.LittleEndian.Uint64(ev1) != 9 || binary.LittleEndian.Uint16(ev1[8:]) != errnoNotsup || ev1[10] != 2 {
		t.Errorf("fd_write event % x", ev1[:12])
	}
	if e := s.pollOneoff(mem, 0, 200, 0, 300); e != errnoInval {
		t.Errorf("no subscriptions: errno %d", e)
	}
	if e := s.pollOneoff(mem, 0, 500, 2, 300); e != errnoFault {
		t.Errorf("events past the end: errno %d", e)
	}
}

func TestRandomIsSeeded(t *testing.T) {
	a, b := make([]byte, 32), make([]byte, 32)
	newSysState(nil, false).randomGet(a, 0, 32)
	newSysState(nil, false).randomGet(b, 0, 32)
	if !bytes.Equal(a, b) || bytes.Equal(a, make([]byte, 32)) {
		t.Fatalf("two instances drew % x and % x", a, b)
	}
}

// TestContinueFrom: a new WASI state moved to another's position reads
// the clocks and random bytes that one would read next.
func TestContinueFrom(t *testing.T) {
	a := newSysState(nil, false)
	mem := make([]byte, 1000)
	for _, n := range []uint32{8, 3, 700, 1} {
		a.randomGet(mem, 0, n)
	}
	a.clockTimeGet(mem, 0, 0)
	a.clockTimeGet(mem, 1, 0)
	a.clockTimeGet(mem, 1, 0)
	b := newSysState(nil, false)
	b.continueFrom(a.position())
	if b.position() != a.position() {
		t.Fatalf("position %+v, want %+v", b.position(), a.position())
	}
	for _, id := range []uint32{0, 1} {
		a.clockTimeGet(mem, id, 0)
		b.clockTimeGet(mem, id, 8)
		if !bytes.Equal(mem[:8], mem[8:16]) {
			t.Fatalf("clock %d: %x, want %x", id, mem[8:16], mem[:8])
		}
	}
	a.randomGet(mem, 0, 500)
	b.randomGet(mem, 500, 500)
	if !bytes.Equal(mem[:500], mem[500:]) {
		t.Fatal("the random sources went apart")
	}
}
