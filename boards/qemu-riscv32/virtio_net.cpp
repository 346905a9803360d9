#include "boards/qemu-riscv32/virtio_net.h"

namespace boards::qemu_riscv32 {
namespace {

// QEMU 7.2 hw/riscv/virt.c: eight virtio-mmio slots of 4 KiB from 0x10001000, slot n on
// PLIC interrupt 1 + n (QEMU fills them from the last slot down); the PLIC at 0x0C000000,
// context 0 = hart 0's M-mode.
constexpr uintptr_t kFirstSlot = 0x10001000;
constexpr uintptr_t kSlotSize = 0x1000;
constexpr uint32_t kSlots = 8;
constexpr uint32_t kFirstIrq = 1;
constexpr uintptr_t kPlic = 0x0C000000;
constexpr uintptr_t kPlicEnable = kPlic + 0x2000;       // context 0's enable bits
constexpr uintptr_t kPlicThreshold = kPlic + 0x200000;  // context 0's threshold
constexpr uintptr_t kPlicClaim = kPlic + 0x200004;      // context 0's claim/complete
constexpr uint32_t kMieExternal = 1u << 11;             // mie.MEIE

// virtio-mmio registers (virtio 1.2, 4.2.2).
enum Register : uintptr_t {
    kMagic = 0x000,
    kVersion = 0x004,
    kDeviceId = 0x008,
    kDeviceFeatures = 0x010,
    kDeviceFeaturesSel = 0x014,
    kDriverFeatures = 0x020,
    kDriverFeaturesSel = 0x024,
    kQueueSel = 0x030,
    kQueueNumMax = 0x034,
    kQueueNum = 0x038,
    kQueueReady = 0x044,
    kQueueNotify = 0x050,
    kInterruptStatus = 0x060,
    kInterruptAck = 0x064,
    kStatus = 0x070,
    kQueueDescLow = 0x080,
    kQueueDescHigh = 0x084,
    kQueueDriverLow = 0x090,
    kQueueDriverHigh = 0x094,
    kQueueDeviceLow = 0x0A0,
    kQueueDeviceHigh = 0x0A4,
    kConfig = 0x100,  // virtio_net_config: mac[6] first
};
constexpr uint32_t kMagicValue = 0x74726976;  // "virt"
constexpr uint32_t kModernVersion = 2;
constexpr uint32_t kNetworkDevice = 1;
constexpr uint32_t kStatusAcknowledge = 1;
constexpr uint32_t kStatusDriver = 2;
constexpr uint32_t kStatusDriverOk = 4;
constexpr uint32_t kStatusFeaturesOk = 8;
constexpr uint32_t kFeatureMac = 1u << 5;       // VIRTIO_NET_F_MAC, word 0
constexpr uint32_t kFeatureVersion1 = 1u << 0;  // VIRTIO_F_VERSION_1 (bit 32), word 1
constexpr uint32_t kReceiveQueue = 0;
constexpr uint32_t kTransmitQueue = 1;

constexpr uint16_t kDescNext = 1;
constexpr uint16_t kDescWrite = 2;

struct Descriptor {
    uint64_t address;
    uint32_t length;
    uint16_t flags;
    uint16_t next;
};
struct UsedElement {
    uint32_t id;
    uint32_t length;
};

// A split virtqueue of N descriptors (virtio 1.2, 2.7): the descriptor table (16-byte
// aligned), the driver's ring (2) and the device's ring (4).
template <uint16_t N>
struct Virtqueue {
    alignas(16) Descriptor descriptors[N];
    struct {
        uint16_t flags;
        uint16_t index;
        uint16_t ring[N];
        uint16_t used_event;
    } avail;
    struct alignas(4) {
        uint16_t flags;
        uint16_t index;
        UsedElement ring[N];
        uint16_t avail_event;
    } used;
};

// One device per image: its rings and the header buffers, shared with the device.
Virtqueue<VirtioNet::kReceiveSize> g_rx;
Virtqueue<VirtioNet::kTransmitSize> g_tx;
uint8_t g_rx_header[VirtioNet::kHeaderSize];
const uint8_t g_tx_header[VirtioNet::kHeaderSize] = {};  // no offloads: all zero

volatile uint32_t& reg(uintptr_t address) {
    return *reinterpret_cast<volatile uint32_t*>(address);
}

uint32_t address_of(const void* pointer) {
    return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(pointer));
}

// Orders the ring writes before the index that publishes them, and the index before the
// notification (device memory); and, reading, the device's index before its ring entries.
void barrier() {
    __asm__ volatile("fence iorw, iorw" ::: "memory");
}

}  // namespace

hal::Status VirtioNet::init() {
    for (uint32_t slot = 0; slot < kSlots && base_ == 0; ++slot) {
        const uintptr_t base = kFirstSlot + slot * kSlotSize;
        if (reg(base + kMagic) != kMagicValue || reg(base + kDeviceId) != kNetworkDevice) continue;
        if (reg(base + kVersion) != kModernVersion) return hal::Status::kUnsupported;  // legacy
        base_ = base;
        irq_ = kFirstIrq + slot;
    }
    if (base_ == 0) return hal::Status::kUnavailable;

    reg(base_ + kStatus) = 0;  // reset
    reg(base_ + kStatus) = kStatusAcknowledge;
    reg(base_ + kStatus) = kStatusAcknowledge | kStatusDriver;
    reg(base_ + kDeviceFeaturesSel) = 0;
    const uint32_t offered_low = reg(base_ + kDeviceFeatures);
    reg(base_ + kDeviceFeaturesSel) = 1;
    const uint32_t offered_high = reg(base_ + kDeviceFeatures);
    if ((offered_high & kFeatureVersion1) == 0) return hal::Status::kFailedPrecondition;
    reg(base_ + kDriverFeaturesSel) = 0;
    reg(base_ + kDriverFeatures) = offered_low & kFeatureMac;
    reg(base_ + kDriverFeaturesSel) = 1;
    reg(base_ + kDriverFeatures) = kFeatureVersion1;
    reg(base_ + kStatus) = kStatusAcknowledge | kStatusDriver | kStatusFeaturesOk;
    if ((reg(base_ + kStatus) & kStatusFeaturesOk) == 0) return hal::Status::kFailedPrecondition;

    if (!setup_queue(kReceiveQueue, kReceiveSize, g_rx.descriptors, &g_rx.avail, &g_rx.used) ||
        !setup_queue(kTransmitQueue, kTransmitSize, g_tx.descriptors, &g_tx.avail, &g_tx.used)) {
        return hal::Status::kFailedPrecondition;
    }
    // Receive: the header, then the lent buffer (post_receive fills in descriptor 1).
    g_rx.descriptors[0] = {address_of(g_rx_header), kHeaderSize, kDescWrite | kDescNext, 1};
    // Transmit: all descriptors on the free list, chained through `next`.
    for (uint16_t i = 0; i < kTransmitSize; ++i)
        g_tx.descriptors[i].next = static_cast<uint16_t>(i + 1);
    tx_free_head_ = 0;
    tx_free_count_ = kTransmitSize;

    // Without VIRTIO_NET_F_MAC the board's address would have to do; QEMU always offers it.
    for (size_t i = 0; i < kMacSize; ++i)
        mac_[i] = *reinterpret_cast<volatile const uint8_t*>(base_ + kConfig + i);

    reg(base_ + kStatus) = kStatusAcknowledge | kStatusDriver | kStatusFeaturesOk | kStatusDriverOk;

    // The device's interrupt, only to end a WFI (header comment): priority 1 over threshold 0.
    reg(kPlic + 4 * irq_) = 1;
    reg(kPlicEnable + 4 * (irq_ / 32)) |= 1u << (irq_ % 32);
    reg(kPlicThreshold) = 0;
    return hal::Status::kOk;
}

bool VirtioNet::setup_queue(uint32_t index, uint16_t size, const void* descriptors,
                            const void* avail, const void* used) {
    reg(base_ + kQueueSel) = index;
    if (reg(base_ + kQueueReady) != 0 || reg(base_ + kQueueNumMax) < size) return false;
    reg(base_ + kQueueNum) = size;
    reg(base_ + kQueueDescLow) = address_of(descriptors);
    reg(base_ + kQueueDescHigh) = 0;
    reg(base_ + kQueueDriverLow) = address_of(avail);
    reg(base_ + kQueueDriverHigh) = 0;
    reg(base_ + kQueueDeviceLow) = address_of(used);
    reg(base_ + kQueueDeviceHigh) = 0;
    reg(base_ + kQueueReady) = 1;
    return true;
}

void VirtioNet::notify(uint32_t queue) {
    barrier();
    reg(base_ + kQueueNotify) = queue;
}

bool VirtioNet::post_receive(hal::ByteSpan buffer) {
    if (receive_posted_ || base_ == 0) return false;
    g_rx.descriptors[1] = {address_of(buffer.data()), static_cast<uint32_t>(buffer.size()),
                           kDescWrite, 0};
    g_rx.avail.ring[g_rx.avail.index % kReceiveSize] = 0;
    barrier();
    g_rx.avail.index = static_cast<uint16_t>(g_rx.avail.index + 1);
    receive_posted_ = true;
    notify(kReceiveQueue);
    return true;
}

size_t VirtioNet::take_received() {
    if (!receive_posted_) return 0;
    barrier();
    if (*static_cast<volatile uint16_t*>(&g_rx.used.index) == rx_last_used_) return 0;
    barrier();
    const uint32_t written = g_rx.used.ring[rx_last_used_ % kReceiveSize].length;
    rx_last_used_ = static_cast<uint16_t>(rx_last_used_ + 1);
    receive_posted_ = false;
    constexpr uint32_t kEthernetHeader = 14;
    if (written < kHeaderSize + kEthernetHeader) {
        ++dropped_frames_;
        return 0;  // the caller posts the buffer again
    }
    return written - kHeaderSize;
}

uint16_t VirtioNet::transmit(const hal::ConstByteSpan* pieces, size_t count) {
    if (base_ == 0 || count + 1 > tx_free_count_) return kNoChain;
    const uint16_t head = tx_free_head_;
    uint16_t current = head;
    for (size_t i = 0; i <= count; ++i) {
        Descriptor& d = g_tx.descriptors[current];
        const uint16_t next_free = d.next;
        d.address = i == 0 ? address_of(g_tx_header) : address_of(pieces[i - 1].data());
        d.length = i == 0 ? kHeaderSize : static_cast<uint32_t>(pieces[i - 1].size());
        d.flags = i < count ? kDescNext : 0;
        if (i < count) d.next = next_free;  // the next free one is the chain's next
        tx_free_head_ = next_free;
        current = next_free;
    }
    tx_free_count_ = static_cast<uint16_t>(tx_free_count_ - (count + 1));
    g_tx.avail.ring[g_tx.avail.index % kTransmitSize] = head;
    barrier();
    g_tx.avail.index = static_cast<uint16_t>(g_tx.avail.index + 1);
    notify(kTransmitQueue);
    return head;
}

uint16_t VirtioNet::take_transmitted() {
    barrier();
    if (*static_cast<volatile uint16_t*>(&g_tx.used.index) == tx_last_used_) return kNoChain;
    barrier();
    const auto head = static_cast<uint16_t>(g_tx.used.ring[tx_last_used_ % kTransmitSize].id);
    tx_last_used_ = static_cast<uint16_t>(tx_last_used_ + 1);
    // The chain back on the free list: its last descriptor points at the old head.
    uint16_t last = head;
    uint16_t length = 1;
    while ((g_tx.descriptors[last].flags & kDescNext) != 0) {
        last = g_tx.descriptors[last].next;
        ++length;
    }
    g_tx.descriptors[last].next = tx_free_head_;
    tx_free_head_ = head;
    tx_free_count_ = static_cast<uint16_t>(tx_free_count_ + length);
    return head;
}

void VirtioNet::wake_on_interrupt(bool enable) {
    if (enable) {
        __asm__ volatile("csrs mie, %0" ::"r"(kMieExternal));
    } else {
        __asm__ volatile("csrc mie, %0" ::"r"(kMieExternal));
    }
}

void VirtioNet::acknowledge_interrupt() {
    if (base_ == 0) return;
    const uint32_t status = reg(base_ + kInterruptStatus);
    if (status != 0) reg(base_ + kInterruptAck) = status;
    const uint32_t claimed = reg(kPlicClaim);
    if (claimed != 0) reg(kPlicClaim) = claimed;
}

}  // namespace boards::qemu_riscv32
