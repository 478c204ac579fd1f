# What each BPF program of an object uses, from four inputs, each given
# after "input=KIND" on the command line (POSIX awk; mawk is enough):
#
#   input=defs  bpf_helper_defs.h     "... (*bpf_NAME)(...) = (void *) ID;"
#   input=info  build/tiers_objinfo   "prog NAME SECTION TYPE", "map NAME TYPE ..."
#   input=syms  llvm-objdump -t       the symbol table
#   input=dis   llvm-objdump -d -r    instructions (raw bytes) and relocations
#
# Prints one line per program and thing it uses, tab-separated (the caller
# sorts): PROGRAM KIND NAME WHERE, where KIND is
#   prog    the program type (libbpf's name, e.g. raw_tracepoint)
#   helper  a helper it calls (bpf_NAME, or helper#ID if the header lacks it)
#   map     the type of a map it references (libbpf's name, e.g. ringbuf)
#   insn    a feature of the code itself: bpf2bpf-call (a call to a
#           subprogram), callback (a function's address, as bpf_loop takes),
#           global-data (.rodata/.data/.bss), loop (a cycle in the control
#           flow: a bounded loop), jmp32, atomic-IMM (atomics beyond add)
#   kfunc   a kernel function it calls
#   global  a global variable it reads (for the knobs of tiers_check.sh)
#   unknown an ld_imm64 relocation of a kind not known here
# and WHERE is the function it was found in: the program itself, or a
# subprogram it reaches through calls and function addresses.
# A line "error<TAB>MESSAGE" reports input it could not make sense of.

function hexval(s,    i, v) {
	s = tolower(s)
	v = 0
	for (i = 1; i <= length(s); i++)
		v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
	return v
}

# little-endian signed integer of n bytes b[from..from+n-1]
function le(b, from, n,    i, v) {
	v = 0
	for (i = from + n - 1; i >= from; i--)
		v = v * 256 + hexval(b[i])
	if (v >= 2 ^ (8 * n - 1))
		v -= 2 ^ (8 * n)
	return v
}

# the function of section s holding instruction index idx ("" if none)
function func_at(s, idx,    f) {
	for (f in fsec)
		if (fsec[f] == s && idx >= fstart[f] && idx < fend[f])
			return f
	return ""
}

function use(f, kind, name) {
	uses[f SUBSEP kind SUBSEP name] = 1
}

function edge(f, g, why) {
	use(f, "insn", why)
	if (g == "")
		print "error\t" f ": " why " to an address in no function"
	else
		calls[f SUBSEP g] = 1
}

# One instruction: s, idx its section and index. Records what it uses, and
# its successors in the control flow (succ[s, idx, 1..nsucc]).
function handle(s, idx,    b, n, op, cls, src, off, imm, f, sym, g, k) {
	n = split(ins[s, idx], b, " ")
	f = func_at(s, idx)
	if (f == "")
		return			# outside every function symbol
	op = hexval(b[1])
	src = int(hexval(b[2]) / 16)
	off = le(b, 3, 2)
	imm = le(b, 5, 4)
	cls = op % 8
	sym = ((s, idx) in rel) ? rel[s, idx] : ""
	k = 0
	if (op == 133) {				# 0x85: call
		if (src == 0) {
			use(f, "helper", (imm in helper) ? helper[imm] : "helper#" imm)
		} else if (src == 1) {			# BPF_PSEUDO_CALL
			if (sym == "")
				g = func_at(s, idx + imm + 1)
			else
				g = func_at(symsec[sym], symval[sym] / 8 + imm + 1)
			edge(f, g, "bpf2bpf-call")
		} else {
			use(f, "kfunc", sym != "" ? sym : "src" src "#" imm)
		}
		succ[s, idx, ++k] = idx + 1
	} else if (op == 149) {				# 0x95: exit
	} else if (op == 24 && n == 16) {		# 0x18: ld_imm64, two slots
		succ[s, idx, ++k] = idx + 2
		if (sym == "") {
			# a plain constant
		} else if (symsec[sym] == ".maps") {
			use(f, "map", (sym in maptype) ? maptype[sym] : "unknown-map:" sym)
		} else if (symsec[sym] in execsec) {	# a function's address
			edge(f, func_at(symsec[sym], (symval[sym] + imm) / 8), "callback")
		} else if (symsec[sym] ~ /^\.(rodata|data|bss)/) {
			use(f, "insn", "global-data")
			if (symtype[sym] == "O")
				use(f, "global", sym)
		} else {
			use(f, "unknown", "ld_imm64:" sym)
		}
	} else if (cls == 5 || cls == 6) {		# jumps
		if (cls == 6)
			use(f, "insn", "jmp32")
		if (op != 5)				# 0x05: ja, no fall-through
			succ[s, idx, ++k] = idx + 1
		succ[s, idx, ++k] = idx + off + 1
	} else {
		if (cls == 3 && int(op / 32) == 6 && imm != 0)	# atomic, not add
			use(f, "insn", "atomic-" imm)
		succ[s, idx, ++k] = idx + 1
	}
	nsucc[s, idx] = k
}

# Does function f have a cycle in its control flow? Kahn's algorithm:
# peel instructions nothing jumps into; a cycle is what remains.
function has_loop(f,    s, i, j, t, indeg, queue, head, tail, left) {
	s = fsec[f]
	left = 0
	for (i = fstart[f]; i < fend[f]; i++)
		if ((s, i) in nsucc) {
			left++
			if (!(i in indeg))
				indeg[i] = 0
			for (j = 1; j <= nsucc[s, i]; j++)
				indeg[succ[s, i, j]]++
		}
	head = tail = 0
	for (i in indeg)
		if (indeg[i] == 0 && ((s, i) in nsucc))
			queue[tail++] = i
	while (head < tail) {
		i = queue[head++]
		left--
		for (j = 1; j <= nsucc[s, i]; j++) {
			t = succ[s, i, j]
			if (--indeg[t] == 0 && ((s, t) in nsucc))
				queue[tail++] = t
		}
	}
	return left > 0
}

input == "defs" && /= \(void \*\) [0-9]+;/ {
	name = $0
	sub(/^[^(]*\(\*/, "", name)
	sub(/\).*/, "", name)
	id = $0
	sub(/.*\(void \*\) /, "", id)
	sub(/;.*/, "", id)
	helper[id + 0] = name
	next
}

input == "info" {
	split($0, a, "\t")
	if (a[1] == "prog") {
		progs[a[2]] = a[4]
		nprogs++
	} else if (a[1] == "map") {
		maptype[a[2]] = a[3]
	}
	next
}

# "VALUE FLAGS SECTION<TAB>SIZE NAME"; FLAGS is 7 columns wide, the 7th
# the symbol type: F function, O object, d section
input == "syms" && /^[0-9a-f]+ / {
	split($0, a, "\t")
	n = split(a[1], l, " ")
	split(a[2], r, " ")
	name = r[2]
	symsec[name] = l[n]
	symval[name] = hexval(l[1])
	symtype[name] = substr(a[1], length(l[1]) + 8, 1)
	if (symtype[name] == "F") {
		fsec[name] = l[n]
		fstart[name] = hexval(l[1]) / 8
		fend[name] = (hexval(l[1]) + hexval(r[1])) / 8
		execsec[l[n]] = 1
	}
	next
}

input == "dis" && /^Disassembly of section / {
	sec = $0
	sub(/^Disassembly of section /, "", sec)
	sub(/:$/, "", sec)
	next
}

# "   IDX:<TAB>BYTES<TAB>TEXT"
input == "dis" && /^ *[0-9]+:\t/ {
	split($0, a, "\t")
	idx = a[1]
	gsub(/[ :]/, "", idx)
	ins[sec, idx + 0] = a[2]
	order[++ninsns] = sec SUBSEP (idx + 0)
	next
}

# the relocation of an instruction: "<TAB><TAB>OFFSET:  R_BPF_... SYM"
input == "dis" && /^\t\t[0-9a-f]+:  R_BPF/ {
	split($0, a, "\t")
	o = a[3]
	sub(/:.*/, "", o)
	rel[sec, hexval(o) / 8] = a[4]
	next
}

END {
	for (i = 1; i <= ninsns; i++) {
		split(order[i], k, SUBSEP)
		handle(k[1], k[2] + 0)
	}
	if (nprogs == 0)
		print "error\tno programs in the object"
	if (ninsns == 0)
		print "error\tno instructions in the disassembly"
	for (f in fsec)
		if (has_loop(f))
			use(f, "insn", "loop")
	# each program: itself and the subprograms it reaches, transitively
	for (p in progs) {
		if (!(p in fsec)) {
			print "error\tprogram " p " has no function symbol"
			continue
		}
		split("", seen)
		seen[p] = 1
		grew = 1
		while (grew) {
			grew = 0
			for (c in calls) {
				split(c, e, SUBSEP)
				if ((e[1] in seen) && !(e[2] in seen)) {
					seen[e[2]] = 1
					grew = 1
				}
			}
		}
		print p "\tprog\t" progs[p] "\t" p
		for (u in uses) {
			split(u, x, SUBSEP)
			if (x[1] in seen)
				print p "\t" x[2] "\t" x[3] "\t" x[1]
		}
	}
}
