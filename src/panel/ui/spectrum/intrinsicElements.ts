/**
 * JSX declarations for the Spectrum UXP widgets the panel uses (built into UXP, no import). Per
 * premiere-uxp.md §3.5: use `class`, not `className`, on them; pass a boolean attribute only when
 * it is true (`disabled={x || undefined}`); never self-close them. Events are attached through
 * refs in spectrumWidgets.tsx, not through JSX props.
 */
import type { CSSProperties, Key, ReactNode, Ref } from "react";

interface SpectrumBase {
  key?: Key;
  class?: string;
  id?: string;
  style?: CSSProperties;
  ref?: Ref<HTMLElement>;
  children?: ReactNode;
  slot?: string;
  title?: string;
  "data-testid"?: string;
  "data-value"?: string;
}

type Flag = true | undefined;

interface SpectrumElements {
  "sp-button": SpectrumBase & { variant?: "cta" | "primary" | "secondary" | "warning" | "overBackground"; quiet?: Flag; disabled?: Flag; size?: "s" | "m" };
  "sp-action-button": SpectrumBase & { quiet?: Flag; disabled?: Flag; selected?: Flag; size?: "s" | "m" };
  "sp-textfield": SpectrumBase & { type?: "text" | "password" | "number" | "search"; placeholder?: string; disabled?: Flag; invalid?: Flag; quiet?: Flag };
  "sp-textarea": SpectrumBase & { placeholder?: string; disabled?: Flag; invalid?: Flag };
  "sp-checkbox": SpectrumBase & { checked?: Flag; disabled?: Flag; invalid?: Flag; indeterminate?: Flag };
  "sp-dropdown": SpectrumBase & { placeholder?: string; disabled?: Flag; invalid?: Flag; quiet?: Flag };
  "sp-menu": SpectrumBase;
  "sp-menu-item": SpectrumBase & { selected?: Flag; disabled?: Flag };
  "sp-progressbar": SpectrumBase & { max?: number; value?: number; size?: "small" | "medium" };
  "sp-divider": SpectrumBase & { size?: "small" | "medium" | "large" };
  "sp-body": SpectrumBase & { size?: "XS" | "S" | "M" };
  "sp-detail": SpectrumBase & { size?: "S" | "M" };
  "sp-heading": SpectrumBase & { size?: "XXS" | "XS" | "S" | "M" };
  "sp-label": SpectrumBase;
  "sp-link": SpectrumBase & { href?: string; quiet?: Flag };
}

declare module "react" {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface IntrinsicElements extends SpectrumElements {}
  }
}
