#!/bin/bash
# Runs inside the test VM as process 1 (started by /sbin/es-init from the
# per-run disk, mounted at /run/es): sets the machine up as the e2e tests
# expect it (proc, sys, devtmpfs, cgroup v2, bpffs; tracefs and debugfs left
# unmounted, as on the project's machines), mounts the project where it is on
# the host, runs the command and powers off. The command's output and exit
# status go to the second serial port (ttyS1) between two markers that vm.sh
# looks for; the kernel's messages stay on the first (ttyS0).
set -u
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
RUN=/run/es

# power_off: write back what is dirty, then power off at once (no shutdown to
# wait for: nothing here outlives the command).
power_off() {
	sync
	echo o >/proc/sysrq-trigger
	sleep 30
}

# what udev would add to devtmpfs and the tests use (bash's <(...) needs /dev/fd)
ln -sfn /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
mkdir -p /dev/pts /dev/shm
mount -t devpts -o gid=5,mode=620 devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t tmpfs tmpfs /tmp
mount -t cgroup2 cgroup2 /sys/fs/cgroup
mount -t bpf bpf /sys/fs/bpf
hostname es-vm
ip link set lo up 2>/dev/null
# process 1 reaps the orphans (bash does, while it waits for its child), and
# its own output goes raw to ttyS1: no \r added, no echo
stty -F /dev/ttyS1 raw -echo -onlcr 2>/dev/null
exec >/dev/ttyS1 2>&1 </dev/null

# the project, at the same path as on the host, so absolute paths agree
where=$(cat "$RUN/where")
mkdir -p "$where" && mount --bind "$RUN/project" "$where" || {
	echo "@@ES-VM END rc=125 (cannot mount the project at $where)"
	power_off
}
cd "$where" || power_off

# the environment vm.sh passed (EXECSNOOP_FEATURES_OFF, E2E_QUICK, ...)
# shellcheck source=/dev/null
. "$RUN/env"

echo "@@ES-VM BEGIN $(uname -r) $(nproc) cpus"
# the command, as vm.sh quoted it (printf %q), in its own shell
bash -c "$(cat "$RUN/cmd")"
rc=$?
# kernel warnings the command may have caused are worth seeing
dmesg --level=emerg,alert,crit,err,warn 2>/dev/null | grep -E 'BUG|WARNING|Oops|bpf' |
	head -20 | sed 's/^/vm: kernel: /'
echo "@@ES-VM END rc=$rc"
power_off
