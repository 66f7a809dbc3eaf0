import { NAV_ITEMS } from './nav';
import { hrefFor, type Route } from './routes';

export function SideNav({ route }: { route: Route }) {
  return (
    <nav className="sidenav" aria-label="Main">
      <ul>
        {NAV_ITEMS.map((item) => {
          const current = item.matches(route);
          const Icon = item.icon;
          return (
            <li key={item.label}>
              <a
                href={hrefFor(item.route)}
                className="sidenav-link"
                aria-current={current ? 'page' : undefined}
              >
                <Icon />
                <span>{item.label}</span>
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
