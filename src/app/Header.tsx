import { RunIndicator } from '../features/runs/RunIndicator';
import { Logo } from '../ui/icons';

export function Header() {
  return (
    <header className="appheader">
      <a href="#/datasets" className="brand">
        <Logo />
        <span>Tilewright</span>
      </a>
      <span className="brand-tag">vision model studio · runs in your browser</span>
      <RunIndicator />
    </header>
  );
}
