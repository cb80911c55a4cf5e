// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause

// Command xdptag loads the XDP program that bpf2go built (xdptag_bpfel.o,
// embedded in the binary by the generated xdptag_bpfel.go) with cilium/ebpf
// and runs it with BPF_PROG_TEST_RUN on one IPv4 packet per protocol number
// given on the command line, printing one line per packet:
//
//	RESULT proto=6 action=XDP_PASS pass=1 drop=0
//
// preceded by "PROGRAM xdp_tag xlated_insns=N", the size of the program the
// verifier accepted (a branch it deleted as dead is missing from it).
// pass and drop are the program's verdict counters (its array map) after
// that packet. A load or run error is printed as "LOADFAIL ..." or
// "RUNFAIL ..." and makes the exit status 1.
package main

import (
	"encoding/binary"
	"fmt"
	"os"
	"strconv"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/rlimit"
)

var actions = map[uint32]string{
	0: "XDP_ABORTED", 1: "XDP_DROP", 2: "XDP_PASS", 3: "XDP_TX", 4: "XDP_REDIRECT",
}

// packet returns an Ethernet frame carrying a 20-byte IPv4 header with the
// given protocol number and 20 bytes of zero payload.
func packet(proto uint8) []byte {
	p := make([]byte, 14+20+20)
	copy(p[0:6], []byte{0x02, 0, 0, 0, 0, 0x02})
	copy(p[6:12], []byte{0x02, 0, 0, 0, 0, 0x01})
	binary.BigEndian.PutUint16(p[12:14], 0x0800)
	ip := p[14:]
	ip[0] = 0x45
	binary.BigEndian.PutUint16(ip[2:4], 40)
	ip[8] = 64
	ip[9] = proto
	copy(ip[12:16], []byte{10, 0, 0, 1})
	copy(ip[16:20], []byte{10, 0, 0, 2})
	return p
}

// load loads the program and its maps. bpf_snprintf needs its format string
// in a frozen read-only map, but cilium/ebpf 0.9.1 (Debian 12) loads the
// programs before it fills and freezes .rodata, and the verifier refuses
// the call ("R3 does not point to a readonly map"). So .rodata is created,
// filled and frozen first and handed to the loader as a replacement.
func load() (*xdptagObjects, error) {
	spec, err := loadXdptag()
	if err != nil {
		return nil, err
	}
	opts := &ebpf.CollectionOptions{MapReplacements: map[string]*ebpf.Map{}}
	if ro, ok := spec.Maps[".rodata"]; ok {
		m, err := ebpf.NewMap(ro)
		if err != nil {
			return nil, fmt.Errorf(".rodata: %w", err)
		}
		defer m.Close() // the collection holds its own clone
		ro.Contents, ro.Freeze = nil, false
		opts.MapReplacements[".rodata"] = m
	}
	var objs xdptagObjects
	if err := spec.LoadAndAssign(&objs, opts); err != nil {
		return nil, err
	}
	return &objs, nil
}

// xlatedInsns is the number of instruction slots (8 bytes each, as bpftool
// counts them) of the program as the verifier left it: dead code it removed
// is missing.
func xlatedInsns(p *ebpf.Program) (int, error) {
	info, err := p.Info()
	if err != nil {
		return 0, err
	}
	insns, err := info.Instructions()
	if err != nil {
		return 0, err
	}
	n := 0
	for _, ins := range insns {
		n += int(ins.Size()) / 8
	}
	return n, nil
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: xdptag PROTO...")
		os.Exit(2)
	}
	if err := rlimit.RemoveMemlock(); err != nil {
		fmt.Println("LOADFAIL rlimit:", err)
		os.Exit(1)
	}
	objs, err := load()
	if err != nil {
		fmt.Println("LOADFAIL", err)
		os.Exit(1)
	}
	defer objs.Close()
	if n, err := xlatedInsns(objs.XdpTag); err == nil {
		fmt.Printf("PROGRAM xdp_tag xlated_insns=%d\n", n)
	} else {
		fmt.Printf("PROGRAM xdp_tag xlated_insns=unknown (%v)\n", err)
	}

	for _, arg := range os.Args[1:] {
		proto, err := strconv.ParseUint(arg, 10, 8)
		if err != nil {
			fmt.Fprintf(os.Stderr, "xdptag: bad protocol number %q\n", arg)
			os.Exit(2)
		}
		ret, _, err := objs.XdpTag.Test(packet(uint8(proto)))
		if err != nil {
			fmt.Println("RUNFAIL", err)
			os.Exit(1)
		}
		var pass, drop uint64
		if err := objs.Verdicts.Lookup(uint32(0), &pass); err != nil {
			fmt.Println("RUNFAIL map lookup:", err)
			os.Exit(1)
		}
		if err := objs.Verdicts.Lookup(uint32(1), &drop); err != nil {
			fmt.Println("RUNFAIL map lookup:", err)
			os.Exit(1)
		}
		action, ok := actions[ret]
		if !ok {
			action = strconv.FormatUint(uint64(ret), 10)
		}
		fmt.Printf("RESULT proto=%d action=%s pass=%d drop=%d\n", proto, action, pass, drop)
	}
}
