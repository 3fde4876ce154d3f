package main

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

const guestModule = "../../../ptc.wasm" // host/ptc.wasm

func TestParseCacheFileRejects(t *testing.T) {
	good := []byte("WAZEVO\x02v1")
	good = append(good, 2, 0, 0, 0)             // two functions
	good = append(good, 0, 0, 0, 0, 0, 0, 0, 0) // at 0
	good = append(good, 4, 0, 0, 0, 0, 0, 0, 0) // at 4
	good = append(good, 8, 0, 0, 0, 0, 0, 0, 0) // 8 bytes of code
	good = append(good, "12345678"...)
	c, err := parseCacheFile(good)
	if err != nil || len(c.offsets) != 2 || c.offsets[1] != 4 || c.size != 8 {
		t.Fatalf("parseCacheFile = %+v, %v", c, err)
	}
	for _, b := range [][]byte{nil, []byte("WAZEVX\x00"), good[:len(good)-1], good[:12]} {
		if _, err := parseCacheFile(b); err == nil {
			t.Errorf("no error for %q", b)
		}
	}
}

func TestCodeAddress(t *testing.T) {
	maps := "00400000-00452000 r-xp 00000000 08:02 173521 /usr/bin/x\n" +
		"7f0000000000-7f0000003000 r-xp 00000000 00:00 0 \n" +
		"7f0000010000-7f0000011000 rw-p 00000000 00:00 0 \n"
	if pageSize != 4096 {
		t.Skip("the test's mappings assume 4 KiB pages")
	}
	if a, err := codeAddress(maps, 0x2a00); err != nil || a != 0x7f0000000000 {
		t.Errorf("codeAddress = %x, %v", a, err)
	}
	if _, err := codeAddress(maps, 0x100000); err == nil {
		t.Error("no error when no mapping fits")
	}
	if _, err := codeAddress(maps, 0x1a00); err == nil {
		t.Error("a mapping a page larger than the code fits")
	}
	if _, err := codeAddress(maps+maps, 0x2a00); err == nil {
		t.Error("no error for two candidate mappings")
	}
}

// TestRunWritesPerfMap: a short run writes this process's perf map, with
// main.eval at an address inside the code.
func TestRunWritesPerfMap(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("perf maps are Linux's")
	}
	path := perfMapPath()
	defer os.Remove(path)
	if err := run("(->> [1 2 3] (map inc) (reduce +))", 50*time.Millisecond, true, guestModule, t.TempDir(), "maps", 0); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) < 1000 {
		t.Fatalf("%d lines in the perf map", len(lines))
	}
	found := false
	for _, l := range lines {
		f := strings.Fields(l)
		if len(f) != 3 {
			t.Fatalf("bad line %q", l)
		}
		start, err1 := strconv.ParseUint(f[0], 16, 64)
		size, err2 := strconv.ParseUint(f[1], 16, 64)
		if err1 != nil || err2 != nil || start == 0 {
			t.Fatalf("bad line %q", l)
		}
		if f[2] == "main.eval" && size > 0 {
			found = true
		}
	}
	if !found {
		t.Error("main.eval is not in the perf map")
	}
}
