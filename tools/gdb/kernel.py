"""gdb helpers that know the kernel's own layout. Loaded by tools/gdbinit.

  ktasks            list every task: pid, state, name
  kdmesg [N]        print the kernel log buffer (its last N bytes)
  kpage ADDR|PFN    a frame's struct page: flags by name, count, mapping, index, age, zone
  kzones            each zone: free pages, watermarks, free blocks per order
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


PAGE_OFFSET = 0xC0000000
PAGE_SHIFT = 12
AGE_SHIFT, AGE_MASK = 20, 0xff
ZONE_SHIFT = 30


def page_flag_names(flags):
    """Names of the PG_* bits set in flags, read from the kernel's own enum."""
    enum = gdb.lookup_type("enum pageflags")
    return [f.name[3:] if f.name.startswith("PG_") else f.name for f in enum.fields()
            if f.name != "__NR_PAGEFLAGS" and flags & (1 << f.enumval)]


class KPage(gdb.Command):
    """kpage ADDR|PFN: show the struct page of a frame.
A number at or above PAGE_OFFSET is a direct-mapped kernel address; below, a pfn.
Mirrors pfn_to_page(): &mem_map[pfn]."""

    def __init__(self):
        super().__init__("kpage", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        n = int(gdb.parse_and_eval(arg))
        pfn = (n - PAGE_OFFSET) >> PAGE_SHIFT if n >= PAGE_OFFSET else n
        if pfn >= int(gdb.parse_and_eval("max_pfn")):
            print(f"pfn {pfn:#x} is past max_pfn")
            return
        page = gdb.parse_and_eval("mem_map") + pfn
        flags = int(page["flags"])
        zones = ["DMA", "Normal", "HighMem", "?"]
        print(f"pfn {pfn:#x} phys {pfn << PAGE_SHIFT:#010x} struct page at {int(page):#x}")
        print(f"  flags {flags:#010x}: {' '.join(page_flag_names(flags)) or '-'}")
        print(f"  count {int(page['count'])} mapping {int(page['mapping']):#x} "
              f"index {int(page['index'])} age {(flags >> AGE_SHIFT) & AGE_MASK} "
              f"zone {zones[(flags >> ZONE_SHIFT) & 3]}")


class KZones(gdb.Command):
    """kzones: free pages, watermarks and free blocks per order for each zone."""

    def __init__(self):
        super().__init__("kzones", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        table = gdb.parse_and_eval("zone_table")
        for i in range(table.type.range()[1] + 1):
            z = table[i]
            if int(z["spanned_pages"]) == 0:
                continue
            fa = z["free_area"]
            orders = [int(fa[o]["nr_free"]) for o in range(fa.type.range()[1] + 1)]
            print(f"{z['name'].string():8s} free {int(z['free_pages']):7d} of "
                  f"{int(z['present_pages']):7d}  min {int(z['pages_min'])} "
                  f"low {int(z['pages_low'])} high {int(z['pages_high'])}  "
                  f"blocks by order: {' '.join(map(str, orders))}")


KTasks()
KDmesg()
KPage()
KZones()
