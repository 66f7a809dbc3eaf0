import type { DatasetRecord } from '../../protocol/records';
import { DatasetRow } from './DatasetRow';

export function DatasetTable({ datasets }: { datasets: DatasetRecord[] }) {
  return (
    <div className="panel table-wrap">
      <table className="table datasets-table">
        <caption className="sr-only">Stored datasets</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            <th scope="col" className="num">
              Samples
            </th>
            <th scope="col">Classes</th>
            <th scope="col" className="num">
              Size
            </th>
            <th scope="col">Created</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {datasets.map((d) => (
            <DatasetRow key={d.id} rec={d} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
