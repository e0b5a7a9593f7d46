import { MockBinding, type MockPortBinding } from '@serialport/binding-mock';
import type { BindingInterface, BindingPortInterface, OpenOptions, PortInfo, PortStatus, SetOptions, UpdateOptions } from '@serialport/bindings-interface';
import { SerialPortStream } from '@serialport/stream';
import type { VirtualSerialDevice } from './virtual-device.ts';

let nextPortNumber = 0;

/**
 * One end of a mock serial line with the virtual board on the other: what the host writes is fed to the
 * device, what the device transmits is delivered to the host as received bytes. The byte queue and read
 * semantics are @serialport/binding-mock's; this only joins it to the device.
 */
class DevicePortBinding implements BindingPortInterface {
  readonly #inner: MockPortBinding;
  readonly #device: VirtualSerialDevice;
  readonly #onTransmit = (bytes: Uint8Array): void => {
    if (this.#inner.isOpen) this.#inner.emitData(Buffer.from(bytes));
  };

  constructor(inner: MockPortBinding, device: VirtualSerialDevice) {
    this.#inner = inner;
    this.#device = device;
    device.on('transmit', this.#onTransmit);
    // The board comes out of reset when the port opens (DTR on a real Uno) and greets the host.
    process.nextTick(() => {
      if (this.#inner.isOpen) device.start();
    });
  }

  get openOptions(): Required<OpenOptions> {
    return this.#inner.openOptions;
  }

  get isOpen(): boolean {
    return this.#inner.isOpen;
  }

  async close(): Promise<void> {
    this.#device.off('transmit', this.#onTransmit);
    await this.#inner.close();
  }

  read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }> {
    return this.#inner.read(buffer, offset, length);
  }

  async write(buffer: Buffer): Promise<void> {
    await this.#inner.write(buffer);
    this.#device.receive(buffer);
  }

  update(options: UpdateOptions): Promise<void> {
    return this.#inner.update(options);
  }

  set(options: SetOptions): Promise<void> {
    return this.#inner.set(options);
  }

  get(): Promise<PortStatus> {
    return this.#inner.get();
  }

  getBaudRate(): Promise<{ baudRate: number }> {
    return this.#inner.getBaudRate();
  }

  flush(): Promise<void> {
    return this.#inner.flush();
  }

  drain(): Promise<void> {
    return this.#inner.drain();
  }
}

/** A serialport binding whose only port leads to `device`. */
function deviceBinding(device: VirtualSerialDevice): BindingInterface<DevicePortBinding> {
  return {
    list: (): Promise<Array<PortInfo>> => MockBinding.list(),
    async open(options: OpenOptions): Promise<DevicePortBinding> {
      return new DevicePortBinding(await MockBinding.open(options), device);
    },
  };
}

/** Opens a serialport 13 stream wired to the virtual board (a fresh mock path per call). */
export function openVirtualSerialPort(device: VirtualSerialDevice): SerialPortStream<BindingInterface<DevicePortBinding>> {
  const path = `/dev/evc-virtual-uno-${process.pid}-${nextPortNumber++}`;
  MockBinding.createPort(path, { echo: false, record: false });
  return new SerialPortStream({ binding: deviceBinding(device), path, baudRate: 57600 });
}
