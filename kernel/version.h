#ifndef KERNEL_VERSION_H
#define KERNEL_VERSION_H
#define KERNEL_NAME "rmapos"
#define KERNEL_RELEASE "0.1"
#endif
