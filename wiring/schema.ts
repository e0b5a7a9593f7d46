import { z } from 'zod';

/** A pin as the board's IO plugin names it: a number on Arduino (Firmata), a GPIO name on a Pi (raspi-io). */
export const PinIdSchema = z.union([z.number().int().min(0).max(127), z.string().min(1)]);
export type PinId = z.infer<typeof PinIdSchema>;

export const LevelSchema = z.enum(['high', 'low']);
export type Level = z.infer<typeof LevelSchema>;

const ButtonWiringSchema = z.strictObject({
  pin: PinIdSchema,
  /** true: button to GND with the internal pull-up, so it reads LOW while pressed (active-low). */
  pullUp: z.boolean(),
});

/** One wiring profile: which pin each physical part of the charging point is on (DESIGN §1, §2). */
export const WiringProfileSchema = z
  .strictObject({
    name: z.string().min(1),
    board: z.string().min(1),
    description: z.string().optional(),
    leds: z.strictObject({ green: PinIdSchema, amber: PinIdSchema, red: PinIdSchema }),
    relay: z.strictObject({
      pin: PinIdSchema,
      /** The pin level that energises the coil and closes the contact (many relay modules are active-low). */
      activeLevel: LevelSchema,
    }),
    buttons: z.strictObject({ ko: ButtonWiringSchema, plug: ButtonWiringSchema }),
  })
  .superRefine((profile, context) => {
    const used = new Map<string, string>();
    const claim = (pin: PinId, part: string, path: Array<string>): void => {
      const key = String(pin);
      const other = used.get(key);
      if (other) context.addIssue({ code: 'custom', path, message: `pin ${key} is already used by ${other}` });
      else used.set(key, part);
    };
    for (const colour of ['green', 'amber', 'red'] as const) claim(profile.leds[colour], `leds.${colour}`, ['leds', colour]);
    claim(profile.relay.pin, 'relay', ['relay', 'pin']);
    claim(profile.buttons.ko.pin, 'buttons.ko', ['buttons', 'ko', 'pin']);
    claim(profile.buttons.plug.pin, 'buttons.plug', ['buttons', 'plug', 'pin']);
  });

export type WiringProfile = z.infer<typeof WiringProfileSchema>;
export type ButtonName = 'ko' | 'plug';
export type LedColour = 'green' | 'amber' | 'red';
