import type { FC } from "hono/jsx";
import { Field, FieldMessages } from "./field.tsx";

/** The fields every form that moves money shares: the amount in dollars, and the payment's category. */

export interface AmountFieldProps {
  id: string;
  value?: string;
  error?: string;
  /** The amount the hint shows as an example, e.g. "12.50". */
  example: string;
  required?: boolean;
  autofocus?: boolean;
  /** "transaction-amount" lets Back show what was typed; a request, which pays nothing, says "off". */
  autocomplete?: "transaction-amount" | "off";
}

export const AmountField: FC<AmountFieldProps> = (p) => (
  <Field
    id={p.id}
    name="amount"
    label="Amount (USD)"
    value={p.value}
    error={p.error}
    inputmode="decimal"
    autocomplete={p.autocomplete ?? "transaction-amount"}
    placeholder="0.00"
    required={p.required}
    autofocus={p.autofocus}
    hint={`In dollars and cents, for example ${p.example}.`}
  />
);

export interface CategoryFieldProps {
  id: string;
  /** The chosen category's value; none chosen selects "None". */
  value?: string;
  error?: string;
  categories: { value: string; label: string }[];
}

/** The optional category of a payment, for the spending analytics. */
export const CategoryField: FC<CategoryFieldProps> = ({ id, value, error, categories }) => (
  <div class={`field${error ? " field-invalid" : ""}`}>
    <div class="field-label-row">
      <label for={id} class="field-label">
        Category (optional)
      </label>
    </div>
    <select id={id} name="category" class="input" aria-invalid={error ? "true" : undefined} aria-describedby={error ? `${id}-error` : undefined}>
      <option value="">None</option>
      {categories.map((c) => (
        <option value={c.value} selected={c.value === value}>
          {c.label}
        </option>
      ))}
    </select>
    <FieldMessages id={id} error={error} />
  </div>
);
