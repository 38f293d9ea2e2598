import enUS from 'antd/locale/en_US';
import { en } from './en';

/** What English adds to a page, loaded only when a reader chooses English: the web's strings and antd's. */
export const english = { ui: en, antd: enUS };
