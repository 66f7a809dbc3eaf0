// Parameters of the synthetic shapes generator, validated with zod so every error names its field.
import { z } from 'zod';

/** Distinct colours; `colors: n` uses the first n. */
export const PALETTE: readonly [number, number, number][] = [
  [230, 57, 70],
  [42, 157, 143],
  [69, 123, 230],
  [244, 162, 97],
  [233, 196, 106],
  [155, 93, 229],
  [241, 91, 181],
  [0, 187, 249],
  [254, 228, 64],
  [128, 237, 153],
  [255, 255, 255],
  [120, 120, 120],
];

const rgb = z.tuple([
  z.number().int().min(0).max(255),
  z.number().int().min(0).max(255),
  z.number().int().min(0).max(255),
]);

export const ShapesParamsSchema = z
  .object({
    size: z.number().int().min(32, 'at least 32 px').max(1024, 'at most 1024 px').default(224),
    minShapes: z.number().int().min(0).max(50).default(1),
    maxShapes: z.number().int().min(1).max(50).default(6),
    minSide: z.number().int().min(2, 'at least 2 px').default(20),
    maxSide: z.number().int().min(2, 'at least 2 px').default(40),
    colors: z.number().int().min(1).max(PALETTE.length, `at most ${PALETTE.length}`).default(3),
    background: rgb.default([24, 24, 28]),
    kinds: z
      .array(z.enum(['rectangle', 'ellipse']))
      .min(1, 'choose at least one kind')
      .default(['rectangle', 'ellipse']),
    rotate: z.boolean().default(false),
    /** 'none': shapes never overlap. A number F: each instance may be hidden by later shapes up to F of its pixels. */
    occlusion: z
      .union([
        z.literal('none'),
        z.number().min(0).max(0.95, 'at most 0.95 (every instance keeps some visible pixels)'),
      ])
      .default('none'),
  })
  .superRefine((p, ctx) => {
    if (p.minShapes > p.maxShapes)
      ctx.addIssue({
        code: 'custom',
        path: ['minShapes'],
        message: `must not exceed max shapes (${p.maxShapes})`,
      });
    if (p.minSide > p.maxSide)
      ctx.addIssue({ code: 'custom', path: ['minSide'], message: `must not exceed max side (${p.maxSide})` });
    // A rotated shape needs its diagonal to fit inside the image.
    const needed = p.rotate ? Math.ceil(Math.SQRT2 * p.maxSide) : p.maxSide;
    if (needed > p.size)
      ctx.addIssue({
        code: 'custom',
        path: ['maxSide'],
        message: `shapes up to ${needed} px do not fit a ${p.size} px image`,
      });
  });

export type ShapesParams = z.output<typeof ShapesParamsSchema>;
export type ShapesParamsInput = z.input<typeof ShapesParamsSchema>;

/** A generation job: parameters plus the seed (mandatory) and how many samples. */
export const GenerateJobSchema = z.object({
  seed: z
    .number({ error: (issue) => (issue.input === undefined ? 'a seed is required' : 'must be a number') })
    .int('must be a whole number')
    .min(0, 'must be from 0 to 4294967295')
    .max(2 ** 32 - 1, 'must be from 0 to 4294967295'),
  count: z.number().int().min(1, 'at least 1').max(1_000_000),
  params: ShapesParamsSchema,
});
export type GenerateJob = z.output<typeof GenerateJobSchema>;

export const DEFAULT_SHAPES_PARAMS: ShapesParams = ShapesParamsSchema.parse({});

/** Field path → first message, for forms and CLI errors. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '(root)';
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}
