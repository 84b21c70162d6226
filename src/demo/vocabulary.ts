/** Word lists for the demo data: Chinese regions and cities, names, occupations, feedback texts. */

export const REGIONS: Record<string, string[]> = {
  华东: ['上海', '杭州', '南京', '苏州', '宁波', '合肥'],
  华北: ['北京', '天津', '石家庄', '太原'],
  华南: ['广州', '深圳', '厦门', '南宁'],
  华中: ['武汉', '长沙', '郑州'],
  西南: ['成都', '重庆', '昆明', '贵阳'],
  西北: ['西安', '兰州', '乌鲁木齐', '银川'],
  东北: ['沈阳', '哈尔滨', '长春', '大连'],
};
export const REGION_WEIGHTS = [30, 20, 18, 11, 10, 5, 6];

export const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '林',
  '罗',
  '高',
];
export const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '霞',
  '平',
  '刚',
  '桂英',
  '浩然',
  '子涵',
  '欣怡',
];
export const PINYIN = [
  'wang',
  'li',
  'zhang',
  'liu',
  'chen',
  'yang',
  'huang',
  'zhao',
  'wu',
  'zhou',
  'xu',
  'sun',
  'ma',
  'zhu',
  'hu',
  'guo',
  'he',
  'lin',
  'luo',
  'gao',
];

export const OCCUPATIONS = [
  'engineer',
  'teacher',
  'civil servant',
  'doctor',
  'sales',
  'student',
  'self-employed',
  'finance',
  'retired',
  'designer',
];
export const OCCUPATION_WEIGHTS = [14, 9, 8, 5, 12, 10, 12, 8, 12, 10];

export const CHANNELS = [
  'app_store',
  'paid_search',
  'social',
  'referral',
  'offline_store',
  'partner',
] as const;
/** Share of customers per acquisition channel. */
export const CHANNEL_WEIGHTS = [25, 20, 22, 10, 15, 8];
/** Acquisition cost per customer (CNY) by channel: paid search dearest, referral cheapest. */
export const CHANNEL_CAC = [60, 140, 80, 25, 45, 70];
/** Purchase-rate multiplier by channel: paid-search customers buy least, referred ones most. */
export const CHANNEL_RATE = [1, 0.6, 0.9, 1.4, 1.1, 1];

export const TIERS = ['bronze', 'silver', 'gold', 'platinum'];
export const CATEGORIES = ['electronics', 'apparel', 'home', 'beauty', 'food', 'books'];
export const SALES_CHANNELS = ['app', 'web', 'store', 'mini_program'];
export const EVENT_TYPES = [
  'visit',
  'login',
  'view',
  'like',
  'share',
  'comment',
  'post',
  'activity',
] as const;
export const EVENT_WEIGHTS = [30, 20, 25, 8, 4, 5, 2, 6];

export const DIMENSIONS = ['product_quality', 'service_quality', 'user_experience', 'after_sales'] as const;

export const PRAISE: Record<string, string[]> = {
  product_quality: ['质量很好，物超所值', 'Great quality, works as described', '做工精细，推荐购买'],
  service_quality: ['客服很耐心，问题很快解决', 'Friendly and fast support', '服务热情周到'],
  user_experience: ['App 很好用，下单方便', 'Checkout was smooth and quick', '界面简洁，体验不错'],
  after_sales: ['退换货很顺利', 'Refund arrived within two days', '售后响应及时'],
};
export const COMPLAINTS: Record<string, string[]> = {
  product_quality: ['商品有瑕疵，质量一般', 'Item broke after a week', '和描述不符'],
  service_quality: [
    '客服态度差，等了很久没人回复',
    'Support never answered my ticket',
    '电话一直打不通，服务太慢',
  ],
  user_experience: ['App 经常闪退', 'Payment page keeps timing out', '页面加载太慢'],
  after_sales: ['退款拖了一个月', 'Return was refused without reason', '售后推诿'],
};
export const CHURN_REASONS = [
  ['switched_to_competitor', '换到了竞争对手那里，价格更便宜'],
  ['price', 'Prices went up too much'],
  ['service', '服务太差，不想再用了'],
  ['no_need', 'No longer need the products'],
] as const;
export const CHURN_REASON_WEIGHTS = [45, 20, 20, 15];
