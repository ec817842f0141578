/**
 * Reading a form's enabled fields, and the schedule ScheduleFields.astro's fields describe, as
 * the API reads it: shared by the subscription and alert forms. Disabled fields (another
 * schedule kind's) are left out.
 */

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** The enabled field `name`'s value; '' when there is none. */
export function fieldValue(form: HTMLFormElement, name: string): string {
  return form.querySelector<Field>(`[name="${name}"]:enabled`)?.value ?? '';
}

/** The values of the ticked, enabled boxes named `name`. */
export function tickedValues(form: HTMLFormElement, name: string): string[] {
  return [...form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked:enabled`)].map(
    (box) => box.value,
  );
}

/** An empty number is sent as null, so the API names the field rather than reading 0. */
export function fieldNumber(form: HTMLFormElement, name: string): number | null {
  const value = fieldValue(form, name).trim();
  return value === '' ? null : Number(value);
}

/** The schedule of kind `kind` (the ticked `schedule.kind`). */
export function scheduleOf(form: HTMLFormElement, kind: string) {
  const time = fieldValue(form, 'schedule.time');
  const day = fieldValue(form, 'schedule.day');
  return kind === 'hourly'
    ? { kind, minute: fieldNumber(form, 'schedule.minute') }
    : kind === 'daily'
      ? { kind, time }
      : kind === 'weekly'
        ? { kind, days: tickedValues(form, 'schedule.days'), time }
        : kind === 'monthly'
          ? { kind, day: day === 'last' ? day : Number(day), time }
          : { kind, cron: fieldValue(form, 'schedule.cron') };
}
