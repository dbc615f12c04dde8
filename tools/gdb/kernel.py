"""gdb helpers that know the kernel's own layout. Loaded by tools/gdbinit.

  ktasks            list every task: pid, state, name
  kdmesg [N]        print the kernel log buffer (its last N bytes)
  kpage ADDR|PFN    a frame's struct page: flags by name, count, mapping, index, age, zone,
                    and its reverse map: every PTE that maps it as (pid, virtual address)
  kzones            each zone: free pages, watermarks, free blocks per order
  kvmas PID         a process's vmas: range, rights, file offset, kind
  kpte PID ADDR     walk PID's page tables for ADDR: the PDE, the PTE, its page
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
AGE_MASK = 0xff  # the age field starts at __NR_PAGEFLAGS (mm/mm.h asserts it)
ZONE_SHIFT = 30


def age_shift():
    """Where page->flags keeps the age: right after the last PG_* bit."""
    return int(gdb.parse_and_eval("__NR_PAGEFLAGS"))


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
              f"index {int(page['index'])} age {(flags >> age_shift()) & AGE_MASK} "
              f"zone {zones[(flags >> ZONE_SHIFT) & 3]}")
        if int(page) == int(gdb.parse_and_eval("zero_page")):
            print("  the zero page: not reverse-mapped")
            return
        ptes, blocks = page_mappings(page)
        if not ptes:
            print("  not mapped by any user PTE")
            return
        kind = "direct" if blocks == 0 else f"{blocks} chain blocks"
        print(f"  mapped by {len(ptes)} PTEs ({kind}):")
        for p in ptes:
            mm, addr = ptep_mm_addr(p)
            print(f"    pid {mm_pid(mm)} vaddr {addr:#010x} (mm {mm:#x}, pte at {p:#x})")


def nrpte():
    """PTE slots in a chain block, from the kernel's own struct pte_chain."""
    lo, hi = gdb.lookup_type("struct pte_chain")["ptes"].type.range()
    return hi - lo + 1


PTRS_PER_PTE = 1024


def tasks():
    """Every struct task * on the all-tasks list."""
    head = gdb.parse_and_eval("all_tasks")
    task_t = gdb.lookup_type("struct task").pointer()
    offset = int(gdb.parse_and_eval("&((struct task *)0)->all_link"))
    node = head["next"]
    while int(node) != int(head.address):
        yield gdb.Value(int(node) - offset).cast(task_t)
        node = node["next"]


def mm_pid(mm):
    """The pid of a task using mm (like mm_owner_pid), or -1."""
    for t in tasks():
        if int(t["mm"]) == int(mm):
            return int(t["pid"])
    return -1


def task_by_pid(pid):
    for t in tasks():
        if int(t["pid"]) == pid:
            return t
    return None


def ptep_mm_addr(ptep):
    """Mirror of ptep_to_mm / ptep_to_address: through the page-table page's struct page."""
    pt = gdb.parse_and_eval("mem_map") + ((ptep - PAGE_OFFSET) >> PAGE_SHIFT)
    mm = int(pt["mapping"])
    addr = int(pt["index"]) + (((ptep & 0xfff) // 4) << PAGE_SHIFT)
    return mm, addr


def page_mappings(page):
    """The PTE addresses in a page's reverse map (direct pointer or chain blocks)."""
    flags = int(page["flags"])
    names = page_flag_names(flags)
    if "slab" in names or "buddy" in names:
        return [], 0
    if "direct" in names:
        return [int(page["pte_direct"])], 0
    out, blocks = [], 0
    pc = page["pte_chain"]
    slots = nrpte()
    while int(pc) and blocks < 100000:
        blocks += 1
        for i in range(slots):
            if int(pc["ptes"][i]):
                out.append(int(pc["ptes"][i]))
        pc = pc["next"]
    return out, blocks


def read_u32(addr):
    return int.from_bytes(gdb.selected_inferior().read_memory(addr, 4).tobytes(), "little")


PTE_BITS = [(0x001, "present"), (0x002, "rw"), (0x004, "user"), (0x020, "accessed"),
            (0x040, "dirty"), (0x100, "global")]


def pte_bits(v):
    return " ".join(n for b, n in PTE_BITS if v & b) or "-"


class KVmas(gdb.Command):
    """kvmas PID: the vmas of a process's address space (mm->mmap, sorted by address)."""

    def __init__(self):
        super().__init__("kvmas", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        pid = int(gdb.parse_and_eval(arg))
        t = task_by_pid(pid)
        if t is None or not int(t["mm"]):
            print(f"pid {pid}: no such process (or a kernel thread)")
            return
        mm = t["mm"]
        vma_t = gdb.lookup_type("struct vm_area_struct").pointer()
        offset = int(gdb.parse_and_eval("&((struct vm_area_struct *)0)->vm_list"))
        head = mm["mmap"]
        node = head["next"]
        print(f"pid {pid} mm {int(mm):#x}: {int(mm['map_count'])} vmas, "
              f"rss file {int(mm['rss_file'])} anon {int(mm['rss_anon'])}, "
              f"page tables {int(mm['nr_ptes'])}")
        while int(node) != int(head.address):
            v = gdb.Value(int(node) - offset).cast(vma_t)
            fl = int(v["vm_flags"])
            rights = ("r" if fl & 1 else "-") + ("w" if fl & 2 else "-") + \
                ("x" if fl & 4 else "-") + ("s" if fl & 0x88 else "p")  # VM_SHARED | VM_MAYSHARE
            kind = "file" if int(v["vm_file"]) else ("shmem" if int(v["vm_private"]) else "anon")
            print(f"  {int(v['vm_start']):#010x}-{int(v['vm_end']):#010x} {rights} "
                  f"pgoff {int(v['vm_pgoff']):#x} {kind}"
                  f"{' stack' if fl & 0x100 else ''}{' locked' if fl & 0x2000 else ''}")
            node = node["next"]


class KPte(gdb.Command):
    """kpte PID ADDR: walk the two-level tables of PID for ADDR; print the PTE and its page."""

    def __init__(self):
        super().__init__("kpte", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        argv = gdb.string_to_argv(arg)
        if len(argv) != 2:
            print("usage: kpte PID ADDR")
            return
        pid = int(gdb.parse_and_eval(argv[0]))
        addr = int(gdb.parse_and_eval(argv[1])) & 0xffffffff
        t = task_by_pid(pid)
        if t is None or not int(t["mm"]):
            print(f"pid {pid}: no such process (or a kernel thread)")
            return
        pgd = int(t["mm"]["pgd"])
        pde_addr = pgd + (addr >> 22) * 4
        pde = read_u32(pde_addr)
        print(f"pid {pid} address {addr:#010x}: pde[{addr >> 22}] at {pde_addr:#x} = {pde:#010x} "
              f"({pte_bits(pde)})")
        if not pde & 1:
            print("  no page table")
            return
        ptep = PAGE_OFFSET + (pde & ~0xfff) + ((addr >> PAGE_SHIFT) & (PTRS_PER_PTE - 1)) * 4
        pte = read_u32(ptep)
        print(f"  pte at {ptep:#x} = {pte:#010x} ({pte_bits(pte)})")
        if not pte & 1:
            print("  not present" + (" (swap entry)" if pte else ""))
            return
        gdb.execute(f"kpage {pte >> PAGE_SHIFT}")


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
KVmas()
KPte()
