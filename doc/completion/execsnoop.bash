# bash completion for execsnoop(8)                       -*- shell-script -*-
# Installed by `make install` as
# $(PREFIX)/share/bash-completion/completions/execsnoop.

_execsnoop()
{
	local cur prev words cword
	_init_completion || return

	case $prev in
	-u | --uid)
		COMPREPLY=($(compgen -u -- "$cur"))
		return ;;
	-p | --pid | -P | --ppid)
		COMPREPLY=($(compgen -W "$(command ls /proc 2>/dev/null | grep -E '^[0-9]+$')" -- "$cur"))
		return ;;
	-o | --output | -c | --cgroup | --cgroupmap | --mntnsmap | --btf | --from | --timeline | \
	--perfetto | --exclude-exe)
		_filedir
		return ;;
	--transport)
		COMPREPLY=($(compgen -W 'auto ring perf' -- "$cur"))
		return ;;
	--field-names)
		COMPREPLY=($(compgen -W 'execsnoop ecs otel' -- "$cur"))
		return ;;
	-n | --name | -l | --line | --max-args | --args-size | --buffer-size | --mntns | \
	--rotate-size | --rotate-keep | --container-id | --exclude-comm | --exclude-pcomm | --rate-limit)
		return ;;
	esac

	# after "--": COMMAND and its arguments, as for any command
	local i
	for ((i = 1; i < cword; i++)); do
		if [[ ${words[i]} == -- ]]; then
			_command_offset $((i + 1))
			return
		fi
	done

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W '-T --time -t --timestamp -x --fails -u --uid
			-U --print-uid -q --quote -n --name -l --line -P --ppid
			-M --print-pcomm -C --print-cpu --max-args --args-size -p --pid
			--keep-tracing -e --exit --exit-all --rusage --report -j --json --timeline --perfetto
			--tree --cwd --exe --exclude-comm --exclude-pcomm --exclude-exe --rate-limit
			--field-names --context --container --container-id --keys
			--mntns -c --cgroup --cgroupmap --mntnsmap --transport
			--buffer-size -o --output --rotate-size --rotate-keep --journal --btf --probe
			--from -v --verbose -h --help
			--version --' \
			-- "$cur"))
	fi
} &&
	complete -F _execsnoop execsnoop

# ex: filetype=sh
