/** A row of mutually exclusive view buttons (Tree | Raw, Hex | Base64 | UTF-8). */
interface Props<V extends string> {
  label: string;
  options: readonly (readonly [V, string])[];
  value: V;
  onChange: (value: V) => void;
}

export function ViewSwitch<V extends string>({ label, options, value, onChange }: Props<V>) {
  return (
    <div class="view-switch" role="group" aria-label={label}>
      {options.map(([option, text]) => (
        <button key={option} type="button" class="view-switch-button" aria-pressed={option === value} onClick={() => onChange(option)}>
          {text}
        </button>
      ))}
    </div>
  );
}
