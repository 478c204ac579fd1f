#!/bin/sh
# The first program of the test VM (init= on the kernel command line; baked
# into root.img, so it stays small): mounts the per-run disk that vm.sh made
# (namespace 2 of the one NVMe controller; the root is namespace 1) and runs
# the init script on it, which does the rest.
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /run/es
mount /dev/nvme0n2 /run/es && [ -f /run/es/init.sh ] && exec /bin/bash /run/es/init.sh
echo "es-init: no run disk (/dev/nvme0n2 with init.sh)" >/dev/console
echo o >/proc/sysrq-trigger
