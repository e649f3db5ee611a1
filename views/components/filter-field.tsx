import type { Child, FC } from "hono/jsx";
import { FieldMessages } from "./field.tsx";

export interface FilterFieldProps {
  name: string;
  label: string;
  value?: string;
  error?: string;
  type?: "text" | "date" | "search";
  /** The choices of a select, as [value, text]; `children` instead for choices in groups. */
  options?: [string, string][];
  children?: Child;
  placeholder?: string;
  inputmode?: "decimal";
  /** The longest text a text box takes (a date has none). */
  maxlength: number;
  /** The classes the field's wrapper adds to "field", for the page's layout of its filters. */
  class: string;
}

/**
 * A labelled control of a GET filter form (a select, or an input), with its message under it;
 * the control points at the message so screen readers announce it.
 */
export const FilterField: FC<FilterFieldProps> = ({ name, label, value, error, type = "text", options, children, placeholder, inputmode, maxlength, class: layout }) => {
  const id = `f-${name}`;
  const common = { id, name, class: "input", "aria-invalid": error ? "true" : undefined, "aria-describedby": error ? `${id}-error` : undefined };
  return (
    <div class={`field ${layout}${error ? " field-invalid" : ""}`}>
      <label for={id} class="field-label">
        {label}
      </label>
      {options || children ? (
        <select {...common}>
          {options
            ? options.map(([v, text]) => (
                <option value={v} selected={(value ?? "") === v}>
                  {text}
                </option>
              ))
            : children}
        </select>
      ) : (
        <input {...common} type={type} value={value ?? ""} inputmode={inputmode} placeholder={placeholder} maxlength={type === "date" ? undefined : maxlength} autocomplete="off" />
      )}
      <FieldMessages id={id} error={error} />
    </div>
  );
};

/** The transaction types and statuses a transaction list filters on, as [value, text]. */
export const TXN_TYPE_OPTIONS: [string, string][] = [
  ["", "All types"],
  ["TOPUP", "Deposits"],
  ["TRANSFER", "Transfers"],
  ["REQUEST_PAYMENT", "Request payments"],
  ["SPLIT_PAYMENT", "Split payments"],
];
export const TXN_STATUS_OPTIONS: [string, string][] = [
  ["", "All statuses"],
  ["PENDING", "Pending or held for review"],
  ["PROCESSING", "Processing"],
  ["COMPLETED", "Completed"],
  ["FAILED", "Failed"],
  ["CANCELLED", "Cancelled"],
  ["REVERSED", "Reversed"],
];
