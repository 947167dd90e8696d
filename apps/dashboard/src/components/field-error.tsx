/** A field's error under its input, read out when it appears; `id` is what the input's aria-describedby names. */
export function FieldError({ id, message, testId }: { id?: string; message?: string | null; testId?: string }) {
  return message ? (
    <p className="field-error" id={id} role="alert" data-testid={testId}>
      {message}
    </p>
  ) : null;
}

/** An error about a whole form or page rather than one field, read out when it appears. */
export function ErrorNotice({ message }: { message?: string | null }) {
  return message ? (
    <p className="notice error" role="alert">
      {message}
    </p>
  ) : null;
}
