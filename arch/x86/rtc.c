/*
 * The CMOS real-time clock (ports 0x70/0x71), read once at boot to start
 * CLOCK_REALTIME (kernel/sys.c keeps time from jiffies afterwards). The
 * clock is taken as UTC, as QEMU and Bochs provide it by default. Reads
 * wait for the end of an update cycle and repeat until two readings agree,
 * so a rollover in the middle cannot give a torn date. BCD and 12-hour
 * modes are decoded from status register B.
 *
 * Context: boot or process context; interrupts are disabled around the
 * port accesses (register index then data).
 */
#include "arch/x86/arch.h"
#include "arch/x86/io.h"

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71

static u8 cmos_read(u8 reg)
{
	unsigned long flags = arch_irq_save();
	u8 v;

	outb(CMOS_INDEX, reg);
	v = inb(CMOS_DATA);
	arch_irq_restore(flags);
	return v;
}

struct rtc_time {
	u8 sec, min, hour, mday, mon, year, century;
};

static void rtc_sample(struct rtc_time *t)
{
	for (int spin = 0; spin < 1000000 && (cmos_read(0x0a) & 0x80); spin++)
		cpu_relax();
	t->sec = cmos_read(0x00);
	t->min = cmos_read(0x02);
	t->hour = cmos_read(0x04);
	t->mday = cmos_read(0x07);
	t->mon = cmos_read(0x08);
	t->year = cmos_read(0x09);
	t->century = cmos_read(0x32);
}

static unsigned int bcd(u8 v)
{
	return (v & 0x0f) + (v >> 4) * 10;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; m 1..12). */
static u32 days_from_civil(unsigned int y, unsigned int m, unsigned int d)
{
	static const u16 before[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
	u32 days = (y - 1970) * 365 + before[(m - 1) % 12] + (d - 1);

	/* leap days in the years before y, counted from 1970 */
	days += ((y - 1) / 4 - 1969 / 4) - ((y - 1) / 100 - 1969 / 100) +
		((y - 1) / 400 - 1969 / 400);
	if (m > 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		days++;
	return days;
}

u32 arch_rtc_read_time(void)
{
	struct rtc_time a, b;
	unsigned int sec, min, hour, mday, mon, year;
	u8 regb;
	bool pm;

	rtc_sample(&a);
	for (int tries = 0; tries < 5; tries++) {
		rtc_sample(&b);
		if (!__builtin_memcmp(&a, &b, sizeof(a)))
			break;
		a = b;
	}
	regb = cmos_read(0x0b);
	pm = a.hour & 0x80;
	a.hour &= 0x7f;
	if (!(regb & 0x04)) { /* BCD */
		sec = bcd(a.sec);
		min = bcd(a.min);
		hour = bcd(a.hour);
		mday = bcd(a.mday);
		mon = bcd(a.mon);
		year = bcd(a.year);
		a.century = bcd(a.century);
	} else {
		sec = a.sec;
		min = a.min;
		hour = a.hour;
		mday = a.mday;
		mon = a.mon;
		year = a.year;
	}
	if (!(regb & 0x02)) { /* 12-hour clock: 12 am is 0, 12 pm is 12 */
		hour %= 12;
		if (pm)
			hour += 12;
	}
	if (a.century >= 19 && a.century <= 30)
		year += a.century * 100;
	else
		year += year < 70 ? 2000 : 1900;
	if (mon < 1 || mon > 12 || mday < 1 || mday > 31 || hour > 23 || min > 59 || sec > 60 ||
	    year < 1970)
		return 0;
	return days_from_civil(year, mon, mday) * 86400u + hour * 3600u + min * 60u + sec;
}
