/*
 * Test helpers for the fs self-tests (see tests/self/fs_test.h): file
 * CRCs through the VFS, the manifest walker, and the overlay block device.
 *
 * The overlay keeps 4 KiB chunks of the base device in a small hash, each
 * read from the base the first time it is touched; its submit runs in the
 * submitter's context and completes synchronously (the base is ram0, which
 * does too), so end_io always runs before submit_request returns.
 */
#include "tests/self/fs_test.h"
#include "fs/ext2/ext2_fs.h"
#include "fs/buffer.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/wait.h"
#include "kernel/string.h"
#include "mm/mm.h"

int fs_test_file_crc(struct file *f, size_t chunk, u32 *crc, loff_t *size)
{
	char *buf = kmalloc(chunk, GFP_KERNEL);
	u32 c = 0;
	loff_t total = 0;
	ssize_t n;

	if (!buf)
		return -ENOMEM;
	vfs_lseek(f, 0, SEEK_SET);
	while ((n = vfs_read(f, buf, chunk)) > 0) {
		c = crc32(c, buf, (size_t)n);
		total += n;
	}
	kfree(buf);
	if (n < 0)
		return (int)n;
	*crc = c;
	*size = total;
	return 0;
}

int fs_test_path_crc(struct inode *start, const char *path, unsigned int flags, size_t chunk,
		     u32 *crc, loff_t *size)
{
	struct file *f = vfs_open_at(start, path, flags, 0);
	int err;

	if (IS_ERR(f))
		return PTR_ERR(f);
	err = fs_test_file_crc(f, chunk, crc, size);
	vfs_close(f);
	return err;
}

void fs_pattern_fill(void *buf, u32 seed, u64 off, size_t n)
{
	u8 *b = buf;

	for (size_t i = 0; i < n; i++)
		b[i] = fs_pattern(seed, off + i);
}

int fs_test_write_pattern(struct file *f, u32 seed, loff_t off, size_t n, size_t piece)
{
	char *buf = kmalloc(piece, GFP_KERNEL);
	int err = 0;

	if (!buf)
		return -ENOMEM;
	while (n && !err) {
		size_t m = MIN(n, piece);
		ssize_t w;

		fs_pattern_fill(buf, seed, (u64)off, m);
		w = vfs_pwrite(f, buf, m, off);
		err = w == (ssize_t)m ? 0 : w < 0 ? (int)w : -EIO;
		off += m;
		n -= m;
	}
	kfree(buf);
	return err;
}

u32 fs_pattern_crc(u32 crc, u32 seed, u64 off, u64 n)
{
	u8 buf[256];

	while (n) {
		size_t m = (size_t)MIN(n, (u64)sizeof(buf));

		fs_pattern_fill(buf, seed, off, m);
		crc = crc32(crc, buf, m);
		off += m;
		n -= m;
	}
	return crc;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * One line of /etc/manifest (without its newline) into *e, in the format
 * tools/mkmanifest.py writes: "<8 hex> <decimal size> <path>", the path
 * running to the end of the line with "\\" for a backslash and "\xHH" for
 * a control byte. NULL, or the reason the line is unusable.
 */
static const char *parse_line(const char *l, size_t len, struct manifest_entry *e)
{
	size_t i = 0, o = 0;

	e->crc = 0;
	e->size = 0;
	e->path[0] = 0;
	e->path_len = 0;
	if (len == 0)
		return "empty line";
	for (; i < 8; i++) {
		if (i >= len || hexval(l[i]) < 0)
			return "the CRC is not 8 lowercase hex digits";
		e->crc = e->crc << 4 | (u32)hexval(l[i]);
	}
	if (i >= len || l[i++] != ' ')
		return "no space after the CRC";
	if (i >= len || l[i] < '0' || l[i] > '9')
		return "the size is not a decimal number";
	while (i < len && l[i] >= '0' && l[i] <= '9') {
		u32 d = (u32)(l[i++] - '0');

		if (e->size > (0xffffffffu - d) / 10)
			return "the size does not fit 32 bits";
		e->size = e->size * 10 + d;
	}
	if (i >= len || l[i++] != ' ')
		return "no space after the size";
	if (i >= len || l[i] != '/')
		return "the path is not absolute";
	while (i < len) {
		char c = l[i++];

		if (c == '\\') {
			if (i < len && l[i] == '\\') {
				i++;
			} else if (i + 2 < len && l[i] == 'x' && hexval(l[i + 1]) >= 0 &&
				   hexval(l[i + 2]) >= 0) {
				c = (char)(hexval(l[i + 1]) << 4 | hexval(l[i + 2]));
				i += 3;
				if (c == 0)
					return "a NUL byte (\\x00) in the path";
			} else {
				return "a backslash that is neither \\\\ nor \\xHH";
			}
		}
		if (o >= PATH_MAX - 1)
			return "the path is longer than PATH_MAX - 1 (4095) bytes";
		e->path[o++] = c;
	}
	e->path[o] = 0;
	e->path_len = o;
	return NULL;
}

int manifest_for_each(int (*fn)(const struct manifest_entry *e, void *arg), void *arg)
{
	return manifest_for_each_in("/etc/manifest", fn, arg);
}

int manifest_for_each_in(const char *manifest, int (*fn)(const struct manifest_entry *e, void *arg),
			 void *arg)
{
	struct kstat st;
	struct file *f;
	char *text;
	struct manifest_entry *e;
	int n = 0, err;
	ssize_t got;

	err = vfs_stat(manifest, &st);
	if (err)
		return err;
	text = kmalloc((size_t)st.size + 1, GFP_KERNEL);
	e = kmalloc(sizeof(*e), GFP_KERNEL);   /* PATH_MAX bytes: not on the stack */
	f = vfs_open(manifest, O_RDONLY | O_NOREADAHEAD, 0);
	err = !text || !e ? -ENOMEM : IS_ERR(f) ? PTR_ERR(f) : 0;
	if (!err) {
		got = vfs_read(f, text, (size_t)st.size);
		err = got != st.size ? -EIO : 0;
	}
	if (!IS_ERR(f))
		vfs_close(f);
	for (size_t pos = 0; !err && pos < (size_t)st.size;) {
		size_t end = pos;

		while (end < (size_t)st.size && text[end] != '\n')
			end++;
		n++;
		e->line = n;
		e->error = parse_line(text + pos, end - pos, e);
		if (!e->error && end == (size_t)st.size)
			e->error = "the last line has no newline";
		err = fn(e, arg);
		pos = end + 1;
	}
	kfree(text);
	kfree(e);
	return err ? err : n;
}

const char *manifest_short_path(const char *path, char *buf, size_t size)
{
	size_t len = strlen(path), o = 0;

	for (size_t i = 0; i < len && o + 1 < size; i++) {
		if (len > 64 && i == 28) {
			int w = snprintf(buf + o, size - o, "...(%u bytes)...", (unsigned int)len);

			o = MIN(o + (size_t)MAX(w, 0), size - 1);
			i = len - 28;
		}
		if (o + 1 < size)
			buf[o++] = (unsigned char)path[i] < 0x20 || path[i] == 0x7f ? '?' : path[i];
	}
	buf[o] = 0;
	return buf;
}

/* ---------------------------------------------------------------- overlay -- */

#define OV_CHUNK 4096
#define OV_HASH 64

struct ov_chunk {
	u8 data[OV_CHUNK]; /* first: block_rw_buf wants a 512-aligned buffer */
	u64 index;
	struct ov_chunk *next;
};

struct overlay {
	struct block_device bdev;
	struct block_device *base;
	struct ov_chunk *hash[OV_HASH];
	u64 fail_start, fail_end;
	unsigned long delay;   /* ticks before a request completes; 0: at once */
};

/* A request whose completion a timer delivers later. */
struct ov_delayed {
	struct timer timer;
	struct block_request *rq;
	int err;
};

static void ov_delayed_done(void *data)
{
	struct ov_delayed *d = data;
	struct block_request *rq = d->rq;
	int err = d->err;

	kfree(d);
	block_request_done(rq, err);
}

static struct overlay *OV(struct block_device *b)
{
	return container_of(b, struct overlay, bdev);
}

static struct ov_chunk *ov_chunk(struct overlay *ov, u64 index)
{
	struct ov_chunk **head = &ov->hash[index % OV_HASH], *c;
	u32 spc = OV_CHUNK / SECTOR_SIZE;
	u64 sector = index * spc;

	for (c = *head; c; c = c->next)
		if (c->index == index)
			return c;
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return NULL;
	c->index = index;
	if (sector < ov->base->nr_sectors &&
	    block_rw_buf(ov->base, BLOCK_READ, sector,
			 (u32)MIN((u64)spc, ov->base->nr_sectors - sector), c->data)) {
		kfree(c);
		return NULL;
	}
	c->next = *head;
	*head = c;
	return c;
}

/* Copy n bytes at byte offset off between the overlay and buf. */
static int ov_copy(struct overlay *ov, u64 off, void *buf, size_t n, bool write)
{
	while (n) {
		struct ov_chunk *c = ov_chunk(ov, off / OV_CHUNK);
		size_t in = (size_t)(off % OV_CHUNK), m = MIN(n, OV_CHUNK - in);

		if (!c)
			return -ENOMEM;
		if (write)
			memcpy(c->data + in, buf, m);
		else
			memcpy(buf, c->data + in, m);
		buf = (char *)buf + m;
		off += m;
		n -= m;
	}
	return 0;
}

static void ov_submit(struct block_device *b, struct block_request *rq)
{
	struct overlay *ov = OV(b);
	u64 end = rq->sector + rq->count;
	char *k;
	int err;

	if (rq->dir == BLOCK_READ && rq->sector < ov->fail_end && end > ov->fail_start) {
		block_request_done(rq, -EIO);
		return;
	}
	k = kmap(rq->page);
	err = ov_copy(ov, rq->sector * SECTOR_SIZE, k + rq->offset, rq->count * SECTOR_SIZE,
		      rq->dir == BLOCK_WRITE);
	kunmap(rq->page);
	if (ov->delay) {
		struct ov_delayed *d = kmalloc(sizeof(*d), GFP_KERNEL);

		if (d) {
			d->rq = rq;
			d->err = err;
			init_timer(&d->timer, ov_delayed_done, d);
			add_timer(&d->timer, jiffies + ov->delay);
			return;
		}
	}
	block_request_done(rq, err);
}

static const struct block_ops ov_ops = { .submit = ov_submit };

struct block_device *overlay_create(struct block_device *base)
{
	struct overlay *ov = kzalloc(sizeof(*ov), GFP_KERNEL);

	if (!ov)
		return NULL;
	ov->base = base;
	strlcpy(ov->bdev.name, "ovl", sizeof(ov->bdev.name));
	ov->bdev.nr_sectors = base->nr_sectors;
	ov->bdev.ops = &ov_ops;
	INIT_LIST_HEAD(&ov->bdev.list);
	return &ov->bdev;
}

void overlay_destroy(struct block_device *b)
{
	struct overlay *ov = OV(b);

	invalidate_buffers(b); /* the next overlay may get the same address */
	for (unsigned int i = 0; i < OV_HASH; i++)
		while (ov->hash[i]) {
			struct ov_chunk *c = ov->hash[i];

			ov->hash[i] = c->next;
			kfree(c);
		}
	kfree(ov);
}

void overlay_set_delay(struct block_device *b, unsigned long ticks)
{
	OV(b)->delay = ticks;
}

void overlay_set_fail(struct block_device *b, u64 fail_start, u64 fail_end)
{
	OV(b)->fail_start = fail_start;
	OV(b)->fail_end = fail_end;
}

int overlay_read(struct block_device *b, u64 off, void *buf, size_t n)
{
	return ov_copy(OV(b), off, buf, n, false);
}

int overlay_write(struct block_device *b, u64 off, const void *buf, size_t n)
{
	return ov_copy(OV(b), off, (void *)buf, n, true);
}

int ext2_raw_info(struct block_device *ov, struct ext2_raw_info *ri)
{
	struct ext2_super_block *es = kmalloc(sizeof(*es), GFP_KERNEL);
	struct ext2_group_desc gd;
	int err;

	if (!es)
		return -ENOMEM;
	err = overlay_read(ov, EXT2_SUPERBLOCK_OFFSET, es, sizeof(*es));
	if (!err) {
		ri->block_size = 1024u << es->s_log_block_size;
		ri->blocks_count = es->s_blocks_count;
		ri->inodes_count = es->s_inodes_count;
		ri->inode_size = es->s_rev_level ? es->s_inode_size : 128;
		ri->inodes_per_group = es->s_inodes_per_group;
		err = overlay_read(ov, (u64)(es->s_first_data_block + 1) * ri->block_size, &gd,
				   sizeof(gd));
		ri->inode_table0 = gd.bg_inode_table;
	}
	kfree(es);
	return err;
}

u64 ext2_raw_inode_offset(const struct ext2_raw_info *ri, u32 ino)
{
	return (u64)ri->inode_table0 * ri->block_size + (u64)(ino - 1) * ri->inode_size;
}
