// The few icons the studio uses; decorative (aria-hidden), so the button around each carries the name.
import type { ReactNode } from 'react';

function Icon({ children, size = 16 }: { children: ReactNode; size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export const ExperimentsIcon = () => (
  <Icon>
    <path d="M6 2h4M7 2v4l-4 7.5a.8.8 0 0 0 .7 1.2h8.6a.8.8 0 0 0 .7-1.2L9 6V2" />
    <path d="M4.5 10.5h7" />
  </Icon>
);

export const RunsIcon = () => (
  <Icon>
    <path d="M2 13.5h12" />
    <path d="M3 11l3-4 3 2 4-6" />
  </Icon>
);

/** A magnifier over a grid: looking into results. */
export const EvaluationIcon = () => (
  <Icon>
    <rect x="2" y="2" width="4" height="4" />
    <rect x="2" y="8" width="4" height="4" />
    <rect x="8" y="2" width="4" height="4" />
    <circle cx="10.5" cy="10.5" r="2.5" />
    <path d="M12.3 12.3L14.5 14.5" />
  </Icon>
);

export const DatasetsIcon = () => (
  <Icon>
    <rect x="2" y="2" width="5" height="5" rx="1" />
    <rect x="9" y="2" width="5" height="5" rx="1" />
    <rect x="2" y="9" width="5" height="5" rx="1" />
    <rect x="9" y="9" width="5" height="5" rx="1" />
  </Icon>
);

export const SystemIcon = () => (
  <Icon>
    <rect x="3.5" y="3.5" width="9" height="9" rx="1.5" />
    <path d="M6 1.5v2M10 1.5v2M6 12.5v2M10 12.5v2M1.5 6h2M1.5 10h2M12.5 6h2M12.5 10h2" />
  </Icon>
);

export const ChevronLeft = () => (
  <Icon>
    <path d="M10 3L5 8l5 5" />
  </Icon>
);

export const ChevronRight = () => (
  <Icon>
    <path d="M6 3l5 5-5 5" />
  </Icon>
);

export const UploadIcon = () => (
  <Icon>
    <path d="M8 10V2.5M5 5.5l3-3 3 3M2.5 10.5v2a1 1 0 001 1h9a1 1 0 001-1v-2" />
  </Icon>
);

export const SparkIcon = () => (
  <Icon>
    <path d="M8 1.5v3M8 11.5v3M1.5 8h3M11.5 8h3M3.4 3.4l2 2M10.6 10.6l2 2M3.4 12.6l2-2M10.6 5.4l2-2" />
  </Icon>
);

export const DiceIcon = () => (
  <Icon>
    <rect x="2" y="2" width="12" height="12" rx="2.5" />
    <circle cx="5.5" cy="5.5" r=".6" fill="currentColor" />
    <circle cx="10.5" cy="10.5" r=".6" fill="currentColor" />
    <circle cx="8" cy="8" r=".6" fill="currentColor" />
  </Icon>
);

export const Logo = () => (
  <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
    <rect x="1" y="1" width="8" height="8" rx="2" fill="#5b8def" />
    <rect x="11" y="1" width="8" height="8" rx="2" fill="#3ec1a3" />
    <rect x="1" y="11" width="8" height="8" rx="2" fill="#f4a261" />
    <rect x="11" y="11" width="8" height="8" rx="2" fill="#e5e7eb" opacity=".35" />
  </svg>
);
