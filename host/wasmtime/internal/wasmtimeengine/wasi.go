package wasmtimeengine

import (
	"encoding/binary"
	"io"
	"math/rand"
	"time"
)

// WASI preview 1 errno values the guest can be given.
const (
	errnoSuccess = 0
	errnoBadf    = 8
	errnoFault   = 21
	errnoInval   = 28
	errnoNotsup  = 58
)

// fakeEpoch is where the fake wall clock starts (2022-01-01T00:00:00Z),
// as in wazero.
const fakeEpoch = int64(1640995200) * int64(time.Second)

// sysState is the WASI environment of one instance: the few functions the
// guest's Go runtime imports (abi.AllowedImports), with the behaviour of
// wazero's defaults, so a program sees the same thing on either engine:
// no arguments or environment, stdout discarded, stderr to the host's
// buffer, clocks that tick 1 ms per reading from fakeEpoch (monotonic:
// from 0) unless the wall clock is granted, a random source seeded with
// 42, and sleeps that return at once.
type sysState struct {
	stderr    io.Writer
	wallClock bool
	wall      int64 // the fake wall clock's last reading
	mono      int64 // the fake monotonic clock's last reading
	rand      *rand.Rand
	randRead  int64  // bytes the random source has given
	yield     func() // engine.InstanceConfig.Yield
}

func newSysState(stderr io.Writer, wallClock bool) *sysState {
	if stderr == nil {
		stderr = io.Discard
	}
	ms := int64(time.Millisecond)
	return &sysState{stderr: stderr, wallClock: wallClock, wall: fakeEpoch - ms, mono: -ms, rand: rand.New(rand.NewSource(42))}
}

// span returns mem[ptr:ptr+n], or false when it is out of range.
func span(mem []byte, ptr uint32, n uint64) ([]byte, bool) {
	end := uint64(ptr) + n
	if end > uint64(len(mem)) {
		return nil, false
	}
	return mem[ptr:end], true
}

func putU32(mem []byte, ptr, v uint32) bool {
	b, ok := span(mem, ptr, 4)
	if ok {
		binary.LittleEndian.PutUint32(b, v)
	}
	return ok
}

func putU64(mem []byte, ptr uint32, v uint64) bool {
	b, ok := span(mem, ptr, 8)
	if ok {
		binary.LittleEndian.PutUint64(b, v)
	}
	return ok
}

func errnoIf(ok bool) int32 {
	if ok {
		return errnoSuccess
	}
	return errnoFault
}

// clockTimeGet is clock_time_get(id, precision, result_ptr).
func (s *sysState) clockTimeGet(mem []byte, id uint32, resultPtr uint32) int32 {
	var v int64
	switch id {
	case 0: // realtime
		if s.wallClock {
			v = time.Now().UnixNano()
		} else {
			s.wall += int64(time.Millisecond)
			v = s.wall
		}
	case 1: // monotonic
		s.mono += int64(time.Millisecond)
		v = s.mono
	default:
		return errnoInval
	}
	return errnoIf(putU64(mem, resultPtr, uint64(v)))
}

// clockResGet is clock_res_get(id, result_ptr): 1 µs for both clocks.
func (s *sysState) clockResGet(mem []byte, id uint32, resultPtr uint32) int32 {
	if id > 1 {
		return errnoInval
	}
	return errnoIf(putU64(mem, resultPtr, uint64(time.Microsecond)))
}

// randomGet is random_get(buf, len).
func (s *sysState) randomGet(mem []byte, buf, n uint32) int32 {
	b, ok := span(mem, buf, uint64(n))
	if !ok {
		return errnoFault
	}
	s.rand.Read(b)
	s.randRead += int64(n)
	return errnoSuccess
}

// sysPosition is where an instance's fake clocks and random source have
// got to: what an instance starting from an image goes on from.
type sysPosition struct {
	wall, mono, randRead int64
}

func (s *sysState) position() sysPosition {
	return sysPosition{wall: s.wall, mono: s.mono, randRead: s.randRead}
}

// continueFrom moves a new sysState to p: the next clock readings follow
// p's, and the random source gives the bytes that followed p's (a
// math/rand stream does not depend on how its reads were split).
func (s *sysState) continueFrom(p sysPosition) {
	s.wall, s.mono = p.wall, p.mono
	var buf [256]byte
	for n := p.randRead - s.randRead; n > 0; n -= int64(len(buf)) {
		s.rand.Read(buf[:min(n, int64(len(buf)))])
	}
	s.randRead = p.randRead
}

// fdWrite is fd_write(fd, iovs, iovs_len, result_nwritten): stdout is
// discarded, stderr goes to the host's writer.
func (s *sysState) fdWrite(mem []byte, fd, iovs, iovsLen, resultPtr uint32) int32 {
	var w io.Writer
	switch fd {
	case 1:
		w = io.Discard
	case 2:
		w = s.stderr
	default:
		return errnoBadf
	}
	vecs, ok := span(mem, iovs, uint64(iovsLen)*8)
	if !ok {
		return errnoFault
	}
	var total uint32
	for i := uint32(0); i < iovsLen; i++ {
		p := binary.LittleEndian.Uint32(vecs[i*8:])
		n := binary.LittleEndian.Uint32(vecs[i*8+4:])
		b, ok := span(mem, p, uint64(n))
		if !ok {
			return errnoFault
		}
		w.Write(b)
		total += n
	}
	return errnoIf(putU32(mem, resultPtr, total))
}

// pollOneoff is poll_oneoff(in, out, nsubscriptions, result_nevents):
// every subscription is answered at once (clocks fire without sleeping,
// as with wazero's default nanosleep; stdin reads find end of file;
// writes are not supported).
func (s *sysState) pollOneoff(mem []byte, in, out, nsubs, resultPtr uint32) int32 {
	if nsubs == 0 {
		return errnoInval
	}
	subs, ok := span(mem, in, uint64(nsubs)*48)
	if !ok {
		return errnoFault
	}
	events, ok := span(mem, out, uint64(nsubs)*32)
	if !ok {
		return errnoFault
	}
	clear(events)
	for i := uint32(0); i < nsubs; i++ {
		sub, ev := subs[i*48:i*48+48], events[i*32:i*32+32]
		copy(ev[0:8], sub[0:8]) // userdata
		kind := sub[8]
		ev[10] = kind
		var errno uint16
		switch kind {
		case 0: // clock
		case 1, 2: // fd_read, fd_write
			switch fd := binary.LittleEndian.Uint32(sub[16:]); {
			case fd > 2:
				errno = errnoBadf
			case kind == 2:
				errno = errnoNotsup
			}
		default:
			return errnoInval
		}
		binary.LittleEndian.PutUint16(ev[8:], errno)
	}
	return errnoIf(putU32(mem, resultPtr, nsubs))
}

// emptyList is args_sizes_get / environ_sizes_get(count_ptr, size_ptr):
// no arguments, no environment.
func emptyList(mem []byte, countPtr, sizePtr uint32) int32 {
	return errnoIf(putU32(mem, countPtr, 0) && putU32(mem, sizePtr, 0))
}
