import { describe, expect, it } from 'vitest';
import { maskBirthDate, maskColumn, maskEmail, maskIdNumber, maskName, maskPhone, maskRow } from './mask.js';

describe('masking personal data', () => {
  it('phones keep the first 3 and last 4 digits, separators too', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+86 138-1234-5678')).toBe('+86 1**-****-5678');
    expect(maskPhone('12345')).toBe('***45');
  });

  it('e-mails keep the first character and the domain', () => {
    expect(maskEmail('zhang1@example.com')).toBe('z***@example.com');
    expect(maskEmail('王@例子.中国')).toBe('王***@例子.中国');
    expect(maskEmail('not-an-address')).toBe('***');
  });

  it('names keep their first character; ID numbers their last 4; birth dates their year', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('John Smith')).toBe('J*** *****');
    expect(maskIdNumber('110101199003071234')).toBe('**************1234');
    expect(maskIdNumber('123')).toBe('***');
    expect(maskBirthDate('1990-03-07')).toBe('1990-**-**');
  });

  it('masks by the schema: personal-data columns only, any other PII column hidden whole', () => {
    expect(maskColumn('customers', 'region', '华东')).toBe('华东');
    expect(maskColumn('customers', 'phone', null)).toBeNull();
    expect(maskColumn('feedback', 'text', '我的电话是13812345678')).toBe('***');
    expect(
      maskRow('customers', {
        customer_id: 'C1',
        name: '李四',
        phone: '13912345678',
        email: 'li4@example.com',
        id_number: '110101199003071234',
        birth_date: '1990-03-07',
        gender: 'male',
      }),
    ).toEqual({
      customer_id: 'C1',
      name: '李*',
      phone: '139****5678',
      email: 'l***@example.com',
      id_number: '**************1234',
      birth_date: '1990-**-**',
      gender: 'male',
    });
  });
});
