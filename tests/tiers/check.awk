# Programs against their tiers (POSIX awk), from three inputs, each given
# after "input=KIND" on the command line:
#
#   input=versions  tests/tiers/versions.tsv  kind, name -> first kernel
#   input=tiers     tests/tiers/tiers.tsv     program -> tier; allowances
#   input=uses      tests/tiers/uses.awk's output, sorted
#
# Prints "PASS: tiers/PROGRAM: ..." or "FAIL: tiers/PROGRAM: ..." per
# program, and FAIL lines for programs missing from (or stale in) the tier
# table and for what uses.awk could not read. verbose=1 adds, per program,
# one indented line per thing it uses, with its version.

# -1, 0, 1 as version a is older than, the same as, newer than b
function vcmp(a, b,    x, y, i, n, m) {
	n = split(a, x, ".")
	m = split(b, y, ".")
	for (i = 1; i <= 3; i++) {
		if (i > n)
			x[i] = 0
		if (i > m)
			y[i] = 0
		if (x[i] + 0 < y[i] + 0)
			return -1
		if (x[i] + 0 > y[i] + 0)
			return 1
	}
	return 0
}

# (mawk creates an element on the left of "=" before the right is
# evaluated: no "x[i] = (i in x) ? ..." here)
function problem(p, msg) {
	probs[p] = probs[p] "; " msg
}

/^#/ || /^$/ {
	next
}

input == "versions" {
	split($0, a, "\t")
	ver[a[1] ":" a[2]] = a[3]
	next
}

input == "tiers" && /^tier\t/ {
	split($0, a, "\t")
	tier[a[2]] = a[3]
	tiers[++ntiers] = a[2]
	next
}

input == "tiers" && /^allow\t/ {
	split($0, a, "\t")
	allow[a[2] ":" a[3]] = a[4]
	knob[a[2] ":" a[3]] = a[5]
	next
}

input == "uses" && /^error\t/ {
	sub(/^error\t/, "")
	print "FAIL: tiers/extract: " $0
	failed = 1
	next
}

input == "uses" {
	split($0, a, "\t")
	p = a[1]
	if (!(p in known)) {
		known[p] = 1
		order[++nprogs] = p
	}
	if (a[2] == "global") {
		global[p, a[3]] = 1
		next
	}
	if (a[2] == "helper")
		nhelpers++
	item = a[2] ":" a[3]
	if (!((p, item) in where)) {
		items[p] = items[p] SUBSEP item
		where[p, item] = a[4]
	} else if (a[4] == p) {
		where[p, item] = p	# named by a subprogram only if not by itself
	}
	next
}

END {
	if (nprogs == 0 || nhelpers == 0) {
		print "FAIL: tiers/extract: found " nprogs + 0 " programs, " nhelpers + 0 \
		      " helper calls"
		exit 1
	}
	for (i = 1; i <= nprogs; i++) {
		p = order[i]
		max = "0"
		maxwhat = ""
		n = split(items[p], list, SUBSEP)
		for (j = 2; j <= n; j++) {	# list[1] is empty
			item = list[j]
			name = substr(item, index(item, ":") + 1)
			what = substr(item, 1, index(item, ":") - 1) " " name
			if (where[p, item] != p)
				what = what " (in " where[p, item] "())"
			if (!(item in ver)) {
				problem(p, what " is not in tests/tiers/versions.tsv")
				continue
			}
			eff = ver[item]
			how = ""
			if ((item in allow) && (knob[item] == "-" || (p, knob[item]) in global)) {
				dep = allow[item]
				if (dep != "-" && !(dep in ver)) {
					problem(p, "the allowance of " what " needs " dep \
						", which is not in tests/tiers/versions.tsv")
					continue
				}
				if (dep == "-" || vcmp(ver[dep], eff) < 0)
					eff = dep == "-" ? "0" : ver[dep]
				how = " (itself " ver[item] "; allowed with " \
				      (dep == "-" ? "nothing" : dep " " ver[dep]) \
				      (knob[item] == "-" ? "" : ", knob " knob[item]) ")"
			}
			if (verbose)
				detail[p] = detail[p] "\n    " what ": " eff how
			if ((p in tier) && vcmp(eff, tier[p]) > 0)
				problem(p, what " needs " eff how)
			if (vcmp(eff, max) > 0) {
				max = eff
				maxwhat = name
			} else if (vcmp(eff, max) == 0) {
				maxwhat = maxwhat ", " name
			}
		}
		if (!(p in tier)) {
			print "FAIL: tiers/" p ": not in tests/tiers/tiers.tsv (needs " max ")"
			failed = 1
		} else if (p in probs) {
			print "FAIL: tiers/" p ": tier " tier[p] ", but " substr(probs[p], 3)
			failed = 1
		} else {
			print "PASS: tiers/" p ": tier " tier[p] ", needs " max " (" maxwhat ")"
		}
		if (verbose)
			print "  " p " (tier " tier[p] "):" detail[p]
	}
	for (i = 1; i <= ntiers; i++)
		if (!(tiers[i] in known)) {
			print "FAIL: tiers/" tiers[i] ": in tests/tiers/tiers.tsv, not in the object"
			failed = 1
		}
	exit failed
}
