/**
 * The business-volume DeskApi handlers (issue 14 item 2; decision 0039).
 * Recording and importing are for supervisors and administrators (the
 * method table; the volume fold gives anyone else's event no effect, so a
 * forged one from a counter's desk changes nothing either). A value is
 * checked here first, so the refusal names the problem in the clerk's
 * language; the payload schema is the last word. An import checks every
 * line and, with any error, stores nothing; otherwise it appends one event
 * per changed line in one transaction.
 */
import type { VolumeImportResult, volumeMethods } from '../../../../shared/contract/methods/volume';
import { err, ok, type Result } from '../../../../shared/contract/result';
import { parseVolumeLines, type VolumeLineError } from '../../../../shared/domain/volume/lines';
import {
  VOLUME_PAYLOADS,
  VOLUME_STREAM_NAME,
  volumeValueProblem,
} from '../../../../shared/domain/volume/payloads';
import type { Locale } from '../../../../shared/domain/kernel/locale';
import { actor, fail, invalidFields, type HandlerContext, type HandlersFor } from '../../kernel/handler';
import { volumeBook } from './book';
import { messages } from './messages';
import { volumeList } from './queries';

const list = (ctx: HandlerContext) => volumeList(ctx.desk, volumeBook(ctx.desk.d).flags.length);

function lineText(locale: Locale, e: VolumeLineError): string {
  return messages.msg(locale, `line_${e.problem}`, { line: e.line });
}

/** The figure recorded now for (period, unit), or undefined. */
function recorded(ctx: HandlerContext, period: string, unit: string): number | undefined {
  return volumeBook(ctx.desk.d).figures.get(`${period}|${unit}`)?.value;
}

export const volumeHandlers: HandlersFor<typeof volumeMethods> = {
  'volume.list': (_input, ctx) => ok(list(ctx)),

  'volume.record': (input, ctx) => {
    if (input.value !== null) {
      const problem = volumeValueProblem(input.unit, input.value);
      if (problem) return invalidFields(ctx, { value: messages.msg(ctx.locale, problem) });
    }
    const payload = { period: input.period, unit: input.unit, value: input.value };
    if (!VOLUME_PAYLOADS['volume.recorded'].safeParse(payload).success) return fail(ctx, 'invalid_input');
    const by = actor(ctx).id;
    const outcome = ctx.desk.tx(() =>
      ctx.desk.appendLocal([ctx.desk.makeEvent(VOLUME_STREAM_NAME, 'volume.recorded', payload, by)]),
    );
    ctx.desk.emitChanges(outcome);
    return ok(list(ctx));
  },

  'volume.import': (input, ctx): Result<VolumeImportResult> => {
    const parsed = parseVolumeLines(input.text);
    if ('errors' in parsed) {
      const fields: Record<string, string> = {};
      for (const e of parsed.errors.slice(0, 50)) fields[`line.${e.line}`] = lineText(ctx.locale, e);
      const first = parsed.errors[0];
      return err(
        'invalid_input',
        messages.msg(ctx.locale, 'importRefused', {
          count: parsed.errors.length,
          first: first ? lineText(ctx.locale, first) : '',
        }),
        fields,
      );
    }
    const changed = parsed.lines.filter((l) => recorded(ctx, l.period, l.unit) !== l.value);
    if (input.apply && changed.length > 0) {
      const by = actor(ctx).id;
      const outcome = ctx.desk.tx(() =>
        ctx.desk.appendLocal(
          changed.map((l) =>
            ctx.desk.makeEvent(
              VOLUME_STREAM_NAME,
              'volume.recorded',
              { period: l.period, unit: l.unit, value: l.value },
              by,
            ),
          ),
        ),
      );
      ctx.desk.emitChanges(outcome);
    }
    return ok({ lines: parsed.lines, changes: changed.length, applied: input.apply });
  },
};
