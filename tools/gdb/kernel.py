"""gdb helpers that know the kernel's own layout. Loaded by tools/gdbinit.

  ktasks            list every task: pid, state, name
  kdmesg            print the tail of the kernel log buffer
"""
import gdb

STATES = "RSDX"


class KTasks(gdb.Command):
    """List kernel tasks (pid, state, name) from the all-tasks list."""

    def __init__(self):
        super().__init__("ktasks", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        head = gdb.parse_and_eval("all_tasks")
        task_t = gdb.lookup_type("struct task").pointer()
        offset = int(gdb.parse_and_eval("&((struct task *)0)->all_link"))
        node = head["next"]
        while int(node) != int(head.address):
            t = gdb.Value(int(node) - offset).cast(task_t)
            state = int(t["state"])
            print(f'{int(t["pid"]):4d} {STATES[state] if state < 4 else "?"} '
                  f'{t["name"].string()}')
            node = node["next"]


class KDmesg(gdb.Command):
    """Print the newest part of the kernel log buffer."""

    def __init__(self):
        super().__init__("kdmesg", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        buf = gdb.parse_and_eval("log_buf")
        size = int(buf.type.sizeof)
        head = int(gdb.parse_and_eval("log_head"))
        n = min(head, size, int(arg) if arg else size)
        start = (head - n) % size
        inferior = gdb.selected_inferior()
        base = int(buf.address)
        first = min(n, size - start)  # the ring may wrap once
        out = inferior.read_memory(base + start, first).tobytes()
        if n > first:
            out += inferior.read_memory(base, n - first).tobytes()
        print(out.decode("utf-8", "replace"))


KTasks()
KDmesg()
