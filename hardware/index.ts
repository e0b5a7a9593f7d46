// Public API of the hardware layer (DESIGN §3): boards behind one interface, and the charging point's parts.
export type { Board, BoardKind, BoardEvents, PinLevel } from './board.ts';
export { openBoard, parseBoardSpec, type BoardSpec, type OpenBoardOptions } from './open-board.ts';
export { createChargePointHardware, type ChargePointHardware, type ChargePointHardwareOptions } from './components/charge-point-hardware.ts';
export { LedBank, StatusLed, DEFAULT_BLINK_PERIOD_MS, type LedMode, type LedState, type LedBankEvents } from './components/led-bank.ts';
export { Relay, type RelayOptions, type RelayEvents } from './components/relay.ts';
export { ToggleButton, KO_TOGGLE, PLUG_TOGGLE, type KoButton, type PlugButton, type ToggleButtonEvents } from './components/toggle-button.ts';
export { relayClosedIn } from './components/relay-rule.ts';
export { FailSafe, processFailSafe, type FailSafeAction } from './components/fail-safe.ts';
export { VirtualChargePoint, outputNames, buttonNames, type Outputs, type OutputName, type OutputChange } from './sim/virtual-charge-point.ts';
export { startControlApi, type ControlApi, type ControlApiOptions } from './sim/control-api.ts';
export { FirmataDevice, type PinSnapshot, type PinChange } from './sim/firmata-device.ts';
export type { VirtualPins, VirtualSerialDevice } from './sim/virtual-device.ts';
export { openAvrSimBoard, AvrSimBoard, type AvrSimBoardOptions } from './avr-sim/avr-sim-board.ts';
export { RelayWatchdog, relayWatchdogFor, type ArmOptions, type TripReport, type RelayWatchdogEvents } from './evc-firmware/relay-watchdog.ts';
export { EVC_FIRMWARE_NAME, type WatchdogSettings, type WatchdogReport } from './evc-firmware/watchdog-sysex.ts';
export { firmwareHexPath, firmwareNames, type FirmwareName } from './avr-sim/firmware.ts';
