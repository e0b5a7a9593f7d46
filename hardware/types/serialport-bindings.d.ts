// Type shims: these two packages ship .d.ts files but their "exports" maps hide them from NodeNext ESM resolution.
declare module '@serialport/bindings-interface' {
  export interface OpenOptions {
    path: string;
    baudRate: number;
    dataBits?: 5 | 6 | 7 | 8;
    lock?: boolean;
    stopBits?: 1 | 1.5 | 2;
    parity?: string;
    rtscts?: boolean;
    xon?: boolean;
    xoff?: boolean;
    xany?: boolean;
    hupcl?: boolean;
  }
  export interface UpdateOptions {
    baudRate: number;
  }
  export interface SetOptions {
    brk?: boolean;
    cts?: boolean;
    dsr?: boolean;
    dtr?: boolean;
    rts?: boolean;
  }
  export interface PortStatus {
    cts: boolean;
    dsr: boolean;
    dcd: boolean;
  }
  export interface PortInfo {
    path: string;
    manufacturer: string | undefined;
    serialNumber: string | undefined;
    pnpId: string | undefined;
    locationId: string | undefined;
    productId: string | undefined;
    vendorId: string | undefined;
  }
  export interface BindingPortInterface {
    readonly openOptions: Required<OpenOptions>;
    isOpen: boolean;
    close(): Promise<void>;
    read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }>;
    write(buffer: Buffer): Promise<void>;
    update(options: UpdateOptions): Promise<void>;
    set(options: SetOptions): Promise<void>;
    get(): Promise<PortStatus>;
    getBaudRate(): Promise<{ baudRate: number }>;
    flush(): Promise<void>;
    drain(): Promise<void>;
  }
  export interface BindingInterface<T extends BindingPortInterface = BindingPortInterface, R extends OpenOptions = OpenOptions, P extends PortInfo = PortInfo> {
    list(): Promise<Array<P>>;
    open(options: R): Promise<T>;
  }
}

declare module '@serialport/binding-mock' {
  import type { BindingPortInterface, OpenOptions, PortInfo } from '@serialport/bindings-interface';
  export interface CreatePortOptions {
    echo?: boolean;
    record?: boolean;
    readyData?: Buffer;
    maxReadSize?: number;
  }
  export interface MockPortBinding extends BindingPortInterface {
    emitData(data: Buffer | string | Array<number>): void;
  }
  export const MockBinding: {
    createPort(path: string, options?: CreatePortOptions): void;
    reset(): void;
    list(): Promise<Array<PortInfo>>;
    open(options: OpenOptions): Promise<MockPortBinding>;
  };
}
