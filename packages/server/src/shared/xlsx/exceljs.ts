/** exceljs, loaded when a sheet is first read or written: importing it takes a start about 0.3 s, and most never need it. */
export const exceljs = async () => (await import('exceljs')).default;
